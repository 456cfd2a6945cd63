"""OAI-PMH 2.0 data provider at /oai/: the six verbs, `oai_dc` and IEEE LOM, sets by
programme level, subject, province/centre, licence and record type, signed stateless
resumption tokens and persistent deleted records. See docs/interfaces.md.

Modules: `arguments.py` (validating a request), `errors.py` (the protocol's error codes),
`tokens.py` (resumption tokens), `sets.py` (set specs), `records.py` (keeping `OaiRecord`
rows, the datestamps and tombstones, in step with the pages), `signals.py` (when they
change), `listing.py` (keyset pages of records), `responses.py` (the XML, streamed) and
`views.py` (the endpoint).
"""
