"""`light_version_changed`: sent by the light-version job after it stored a new light version
of a document or removed an old one (`sender` is CustomDocument, `document_id` the id).

Rooms above listen to it without media knowing them: content_models marks offline packs that
carry the document stale, so they are rebuilt with the new file (docs/light-versions.md).
"""

from django.dispatch import Signal

light_version_changed = Signal()
