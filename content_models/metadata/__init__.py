"""Metadata of lessons, courses and collections for other systems, and their citation.

One neutral description per page (`describe.MaterialRecord`) is written out as Dublin Core
(`dublin_core.py`), IEEE LOM (`lom.py`), JSON-LD (`jsonld.py`) and a Vietnamese citation
(`citation.py`). The OAI-PMH provider (`content_models.oai`) and the download views
(`views.py`) both use them, so a harvester and a reader downloading a record see the same
fields. See docs/interfaces.md.
"""
