"""Analysers of the catalogue indices, and why folding happens in Python.

The Elasticsearch used by the tests is the official integration-test distribution: the real
server, but with no `analysis-common` module, so `asciifolding`, the `mapping` char filter,
`synonym_graph`, `edge_ngram` and `search_as_you_type` do not exist there (creating an index
that names them fails with "Unknown filter type"). ICU is absent everywhere. So the work those
filters would do is done once, in Python, for every backend alike:

* folding: `serializers.serialize` stores `*_folded` copies made by `content_models.text.fold`
  (NFD, marks dropped, đ→d, case-folded) and `terms.parse_query` folds the query the same
  way. NFC and NFD input, old and new tone placement (hoà / hòa) and unaccented input therefore
  give identical tokens (docs/faults.md row 11), and Elasticsearch agrees with the database backend
  by construction.
* exact diacritics: the unfolded `title`/`summary` fields (NFC, lower-cased by `vi_exact`)
  only add score, so "hòa" ranks lessons spelled "hòa" above "hoa" without changing the set.
* synonyms: expanded at query time from the editors' list (synonyms.py), so an edit applies at
  once, with no reindex or analyser reload.
* autocomplete: `index_prefixes` on `title_folded` with `match_bool_prefix` (both core).

Both analysers are therefore the standard tokenizer plus `lowercase` (core); they are kept as
two names so the mapping says which fields hold folded text. Changing anything here changes the
schema hash (documents.py) and `search_index status` will then ask for a rebuild.
"""

FOLDED_ANALYZER = "vi_folded"
EXACT_ANALYZER = "vi_exact"

ANALYSIS = {
    "analyzer": {
        # Input is already folded by content_models.text.fold.
        FOLDED_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        # Input is NFC text with its diacritics (serializers._nfc / normalise.clean_text).
        EXACT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
    }
}

# Prefix index for autocomplete on the folded title.
AUTOCOMPLETE_PREFIXES = {"min_chars": 1, "max_chars": 12}
