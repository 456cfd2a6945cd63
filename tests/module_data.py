"""Data a test module shares: built once inside an outer transaction, as Django's
`TestCase.setUpTestData` does for a class (see docs/testing.md).

A module opts in with `CATALOGUE_SCOPE = "module"`; its tests that take the `catalogue`
fixture then share one catalogue, built before the module's first test by the module's
`_module_catalogue` fixture (`module_catalogue(request, build)`). Each test still runs in its
own savepoint, rolled back after it, and gets the objects fetched afresh. The module's tests
that share run first within the module (`sort_items`, which keeps pytest-django's order of
the kinds of test); the outer transaction is rolled back before its first
other test (`before_test`) and at the end of the module, so no other test sees the data.
"""

from django.db import transaction


def shares_catalogue(item):
    """Whether `item` takes its `catalogue` from the module's shared one."""
    if getattr(getattr(item, "module", None), "CATALOGUE_SCOPE", None) != "module":
        return False
    if "catalogue" not in item.fixturenames:
        return False
    marker = item.get_closest_marker("django_db")
    assert not (marker and marker.kwargs.get("transaction")), (
        f"{item.nodeid}: a transactional test cannot share the module's catalogue"
    )
    return True


def sort_items(items):
    """Within each run of a module's tests, those sharing its catalogue first (otherwise in
    their order). Only within runs: pytest-django has already put the transactional tests
    last, and they must stay there, since each ends by emptying the database."""
    keys, run_start = [], 0
    for index, item in enumerate(items):
        if index and item.path != items[index - 1].path:
            run_start = index
        keys.append((run_start, not shares_catalogue(item)))
    order = sorted(range(len(items)), key=keys.__getitem__)
    items[:] = [items[index] for index in order]


def before_test(item):
    """Before a test that does not share the catalogue, roll the shared one back."""
    if not shares_catalogue(item):
        ModuleCatalogue.close_open()


class ModuleCatalogue:
    """The objects a module shares, built inside a transaction held open for it."""

    current = None  # the open one, if any

    def __init__(self, build, blocker, on_close=None):
        self.build = build
        self.blocker = blocker
        self.on_close = on_close
        self.saved = {}  # key: (model, pk)
        self.atomic = None

    def serves(self, item):
        return self.atomic is not None and shares_catalogue(item)

    def open(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            ModuleCatalogue.current = self
            try:
                objects = self.build()
            except BaseException:
                self.close()
                raise
        self.saved = {key: (type(obj), obj.pk) for key, obj in objects.items()}

    def objects(self):
        """{key: object}, each fetched afresh: no test sees another test's instances."""
        return {key: model._default_manager.get(pk=pk) for key, (model, pk) in self.saved.items()}

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        ModuleCatalogue.current = None
        if self.on_close:
            self.on_close()

    @classmethod
    def close_open(cls):
        if cls.current is not None:
            cls.current.close()


def module_catalogue(request, build, on_close=None):
    """Body of a module-scoped fixture: yields the module's ModuleCatalogue (open or not)."""
    module = request.module
    shared = None
    if any(shares_catalogue(item) for item in request.session.items if item.module is module):
        request.getfixturevalue("django_db_setup")
        shared = ModuleCatalogue(build, request.getfixturevalue("django_db_blocker"), on_close)
        shared.open()
    yield shared
    if shared is not None:
        shared.close()
