"""Live pages written in bulk under a library, for the synthetic catalogues of the benchmarks
(search/benchmark_data.py, content_models/usage/synthetic.py).

Wagtail's `add_child` costs a few queries a page; at 100,000 lessons the benchmarks build the
tree rows themselves: the next free step of each library's children, each row's path and URL
path, and the parents' child counts once at the end.
"""

import uuid

from wagtail.models import Page


def children(page):
    # Not page.get_children(): treebeard trusts the in-memory numchild, stale here.
    return Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)


def next_steps(libraries):
    """{library pk: the tree step of its next new child}."""
    steps = {}
    for library in libraries:
        last = children(library).order_by("-path").values_list("path", flat=True).first()
        steps[library.pk] = (Page._str2int(last[-Page.steplen :]) + 1) if last else 1
    return steps


def child_page(library, step, *, title, slug, content_type, locale, published, owner_id=None):
    """The unsaved `Page` row of a live child of `library` at `step`, first and last
    published at `published` (for `Page.objects.bulk_create`)."""
    return Page(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=Page._get_path(library.path, library.depth + 1, step),
        depth=library.depth + 1,
        numchild=0,
        url_path=f"{library.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        latest_revision_created_at=published,
        owner_id=owner_id,
        locale=locale,
        translation_key=uuid.uuid4(),
    )


def recount_children(libraries):
    """Set each library's `numchild` from its rows (bulk inserts leave it stale)."""
    for library in libraries:
        Page.objects.filter(pk=library.pk).update(numchild=children(library).count())
