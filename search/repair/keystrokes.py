"""Telex and VNI keystroke leftovers → Vietnamese syllables (table-driven).

When a phone's Vietnamese keyboard is off, "học" arrives as "hocj" (Telex) or "ho5c" (VNI).
`convert(token)` undoes that: it applies the vowel marks (Telex `aa ee oo aw ow uw w dd`, VNI
`6 7 8 9`) and the tone key (Telex `s f r x j`, VNI `1 2 3 4 5`), then accepts the result only
when it is a well-formed Vietnamese syllable (onset + nucleus + coda from the tables below,
checked tones on -c/-ch/-p/-t), so "Excel", "Zalo", "COVID" or "pH" are never turned into
Vietnamese. The caller decides whether to use it at all: only a token that is not already a
word of the catalogue is converted (search.terms), and the typed token is kept beside it.

Tone placement follows the traditional rule the catalogue's texts mostly use ("hòa", "thủy"):
on the vowel carrying a mark (ơ of ươ), else on the last vowel before a coda, else on the
middle of three vowels, else on the first of two. Folding makes either placement match; the
exact form only adds rank. See docs/search-repair.md.
"""

import unicodedata

# Combining tone marks by tone name.
TONES = {
    "sac": "\u0301",
    "huyen": "\u0300",
    "hoi": "\u0309",
    "nga": "\u0303",
    "nang": "\u0323",
}
TELEX_TONES = {"s": "sac", "f": "huyen", "r": "hoi", "x": "nga", "j": "nang", "z": ""}
VNI_TONES = {"1": "sac", "2": "huyen", "3": "hoi", "4": "nga", "5": "nang", "0": ""}
# Telex vowel doubling and the letter the `w` key marks.
TELEX_DOUBLES = {"aa": "â", "ee": "ê", "oo": "ô", "dd": "đ"}
HORN = {"a": "ă", "o": "ơ", "u": "ư"}
# VNI mark keys: which plain letters each one can mark, and the result.
VNI_MARKS = {
    "6": {"a": "â", "e": "ê", "o": "ô"},
    "7": {"o": "ơ", "u": "ư"},
    "8": {"a": "ă"},
    "9": {"d": "đ"},
}

VOWELS = set("aăâeêioôơuưy")
ONSETS = {
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
}  # fmt: skip
CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
CHECKED_CODAS = {"c", "ch", "p", "t"}  # only sắc or nặng on these
# Nuclei (vowel clusters) that take no consonant coda, and those that may take one.
OPEN_NUCLEI = {
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui",
    "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uôi", "ươi", "ươu", "uya",
    "uyu", "uây", "ya",
}  # fmt: skip
CLOSABLE_NUCLEI = {
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe",
    "oo", "uâ", "uê", "uô", "uơ", "uy", "ươ", "uyê",
}  # fmt: skip
NEEDS_CODA = {"ă", "â", "iê", "yê", "oă", "oo", "uâ", "uô", "uơ", "uyê"}
MARKED = set("ăâêôơư")


def _split(word):
    """(onset, nucleus, coda) of a lower-case word of letters, or None."""
    i = 0
    while i < len(word) and word[i] not in VOWELS:
        i += 1
    onset, rest = word[:i], word[i:]
    # "qu" and "gi" take their vowel letter into the onset ("quả", "giá"), "gi" only when
    # another vowel follows ("gì" keeps its i).
    if onset == "q" and rest.startswith("u"):
        onset, rest = "qu", rest[1:]
    elif onset == "g" and rest.startswith("i") and len(rest) > 1 and rest[1] in VOWELS:
        onset, rest = "gi", rest[1:]
    j = 0
    while j < len(rest) and rest[j] in VOWELS:
        j += 1
    nucleus, coda = rest[:j], rest[j:]
    if not nucleus or onset not in ONSETS or coda not in CODAS:
        return None
    if coda and nucleus not in CLOSABLE_NUCLEI:
        return None
    if not coda and nucleus not in OPEN_NUCLEI and nucleus not in CLOSABLE_NUCLEI:
        return None
    if not coda and nucleus in NEEDS_CODA:
        return None
    return onset, nucleus, coda


def _tone_index(nucleus, coda):
    """Which vowel of the nucleus carries the tone mark."""
    marked = [i for i, ch in enumerate(nucleus) if ch in MARKED]
    if marked:
        return marked[-1]
    if coda or len(nucleus) == 1:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0


def compose(plain, tone):
    """The syllable `plain` (marks applied, no tone) with `tone`, or None when malformed."""
    parts = _split(plain)
    if parts is None:
        return None
    onset, nucleus, coda = parts
    if coda in CHECKED_CODAS and tone not in ("sac", "nang"):
        return None
    if tone:
        k = _tone_index(nucleus, coda)
        nucleus = nucleus[:k] + nucleus[k] + TONES[tone] + nucleus[k + 1 :]
    return unicodedata.normalize("NFC", onset + nucleus + coda)


def _apply_horn(letters):
    """Telex `w`: marks the vowel cluster before it (uo → ươ, a → ă, o → ơ, u → ư); a `w`
    with no vowel before it is the vowel ư itself ("tw" → "tư")."""
    out = []
    for ch in letters:
        if ch != "w":
            out.append(ch)
            continue
        k = len(out) - 1
        while k >= 0 and out[k] not in VOWELS:
            k -= 1
        if k < 0 or out[k] in MARKED and not (out[k] == "ơ" and k > 0 and out[k - 1] == "u"):
            if k < 0:
                out.append("ư")
                continue
            return None
        end = k
        while k >= 0 and out[k] in VOWELS:
            k -= 1
        cluster = "".join(out[k + 1 : end + 1])
        if "uo" in cluster:
            at = k + 1 + cluster.index("uo")
            out[at], out[at + 1] = "ư", "ơ"
        elif "ươ" in cluster:
            return None
        else:
            for at in range(end, k, -1):  # the last markable vowel of the cluster
                if out[at] in HORN:
                    out[at] = HORN[out[at]]
                    break
            else:
                return None
    return "".join(out)


def _telex(word):
    if not word.isalpha() or not word.isascii():
        return None
    tone, letters, seen_vowel = None, [], False
    for ch in word:
        # After the first vowel, s/r/x cannot start a syllable again: they are tone keys.
        if seen_vowel and ch in TELEX_TONES:
            tone = TELEX_TONES[ch]
            continue
        if ch in ("f", "j", "z"):
            return None
        letters.append(ch)
        seen_vowel = seen_vowel or ch in VOWELS
    text = "".join(letters)
    for double, marked in TELEX_DOUBLES.items():
        text = text.replace(double, marked)
    text = _apply_horn(text)
    if text is None or "w" in text:
        return None
    if text == word:
        return None  # no keystroke left in it
    return compose(text, tone or "")


def _vni(word):
    if word.isalpha() or word.isdigit() or not word.isascii() or not word[0].isalpha():
        return None
    tone, out = "", []
    for ch in word:
        if ch.isalpha():
            out.append(ch)
            continue
        if ch in VNI_MARKS:
            marks = VNI_MARKS[ch]
            if ch == "7" and "".join(out[-2:]) in ("uo", "ưo"):  # u7o7 / uo7 → ươ
                out[-2:] = ["ư", "ơ"]
                continue
            if ch == "7" and len(out) >= 3 and "".join(out[-3:-1]) in ("uo",):  # uo7n
                out[-3], out[-2] = "ư", "ơ"
                continue
            for k in range(len(out) - 1, -1, -1):
                if out[k] in marks:
                    out[k] = marks[out[k]]
                    break
            else:
                return None
        elif ch in VNI_TONES:
            if not any(c in VOWELS for c in out):
                return None
            tone = VNI_TONES[ch]
        else:
            return None
    return compose("".join(out), tone)


def convert(token):
    """The Vietnamese syllable `token` was typed for, or None when it is not a keystroke
    leftover (already Vietnamese, an English word, a code, a number)."""
    word = token.casefold()
    if not word or len(word) > 12:
        return None
    return _telex(word) or _vni(word)
