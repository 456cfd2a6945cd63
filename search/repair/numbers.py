"""Digits ↔ Vietnamese number words ↔ Roman numerals, where they name a grade, term or part.

"lớp 10", "lớp mười" and "lớp X" mean the same grade; "học kì 2" and "học kì II" the same term.
Only after a counting word (lớp, khối, kì/kỳ, học kì, chương, bài, phần, tuần, tiết, giai
đoạn, cấp, tập, …) is a number given its other spellings, so "10" in "10 câu hỏi" or a Roman
"v" elsewhere stay as typed. Works on folded tokens. See docs/search-repair.md.
"""

# Folded words after which a number names a grade, term, chapter or part.
COUNTING_WORDS = {
    "lop", "khoi", "ki", "ky", "chuong", "bai", "phan", "tuan", "tiet", "doan", "cap", "tap",
    "hk", "lesson", "unit", "grade",
}  # fmt: skip

UNITS = ["khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin"]
ROMAN = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
MAX_NUMBER = 20


def words_of(n):
    """Folded number words of 1..MAX_NUMBER as token tuples (10 → ("muoi",), 15 → ("muoi",
    "lam"), 4 → ("bon",) and ("tu",))."""
    if n < 10:
        spelled = [(UNITS[n],)]
        if n == 4:
            spelled.append(("tu",))
        return spelled
    if n == 10:
        return [("muoi",)]
    unit = n - 10
    if n < 20:
        last = {1: "mot", 5: "lam"}.get(unit, UNITS[unit])
        return [("muoi", last)]
    return [("hai", "muoi")]


def _parse_words():
    table = {}
    for n in range(1, MAX_NUMBER + 1):
        for phrase in words_of(n):
            table[phrase] = n
    table[("muoi", "nam")] = 15
    table[("muoi", "bon")] = 14
    return table


WORD_NUMBERS = _parse_words()
ROMAN_NUMBERS = {r: n for n, r in enumerate(ROMAN) if r}


def number_at(folded, i):
    """(n, length) when a number starts at position i (digits, words or Roman), else None."""
    token = folded[i]
    if token.isdigit() and 0 < int(token) <= MAX_NUMBER:
        return int(token), 1
    if token in ROMAN_NUMBERS:
        return ROMAN_NUMBERS[token], 1
    for length in (2, 1):
        phrase = tuple(folded[i : i + length])
        if len(phrase) == length and phrase in WORD_NUMBERS:
            return WORD_NUMBERS[phrase], length
    return None


def spellings(n):
    """Every folded spelling of n: digits, words, Roman (up to XII)."""
    forms = [(str(n),), *words_of(n)]
    if n < len(ROMAN):
        forms.append((ROMAN[n],))
    return forms


def counted_numbers(folded):
    """[(start, length, n)] for numbers that follow a counting word in folded tokens."""
    found = []
    i = 1
    while i < len(folded):
        if folded[i - 1] in COUNTING_WORDS:
            hit = number_at(folded, i)
            if hit:
                n, length = hit
                found.append((i, length, n))
                i += length
                continue
        i += 1
    return found
