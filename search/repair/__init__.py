"""Query repair: what people type on phones, turned into what the catalogue holds.

Pure functions on tokens, no database and no Django settings, so every rule has a unit test:

* `keystrokes`: Telex and VNI keystroke leftovers ("hoaf hocj", "tie61ng") → Vietnamese
  syllables, only when the result is a well-formed syllable;
* `numbers`: digits ↔ number words ↔ Roman numerals after a grade or term word ("lớp 10",
  "lớp mười", "học kì II");
* `fillers`: question and filler words ("cách", "làm sao", "tài liệu") that the relaxed pass
  weighs low instead of requiring;
* `edits`: a bounded edit distance for typo candidates taken from the index's vocabulary;
* `abbreviations`: the abbreviations seeded into the editors' synonym list.

`search.terms` applies them in one direction (normalise → repair → synonyms → terms): see
docs/search-repair.md.
"""
