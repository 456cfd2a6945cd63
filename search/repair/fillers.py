"""Question and filler words: weighed low by the relaxed pass instead of being required.

"cách tính diện tích hình tròn cho người mới học" is about "diện tích hình tròn": learners
wrap the subject in question words, courtesy and genre words that the lesson does not
contain. When the strict all-words pass finds too little, these words still add a little
score when present but no longer decide whether a lesson matches. Matched on the exact
(diacritic) spelling when the query has diacritics, so "đề" (a test paper) is not "để" (in
order to); a query typed without diacritics is matched on the folded spelling.
"""

from media.text import fold

FILLER_PHRASES = [
    # question words
    "cách", "làm sao", "làm thế nào", "như thế nào", "thế nào", "bằng cách nào", "là gì",
    "gì", "nào", "sao", "tại sao", "vì sao", "ở đâu", "khi nào", "bao nhiêu", "có", "không",
    "được không", "hay", "nhất", "ạ", "ơi", "giúp", "giúp em", "cho em", "xin", "muốn",
    "cần", "tìm", "hỏi",
    # function words
    "để", "cho", "về", "của", "và", "với", "các", "những", "một", "là", "trong", "tại",
    "ở", "từ", "theo", "thì", "mà", "này", "đó", "nhà", "dành cho",
    # genre words (the catalogue is all of these)
    "hướng dẫn", "tài liệu", "bài giảng", "bài học", "học liệu", "giáo án", "video",
    "môn", "môn học", "người mới", "người mới học", "mới học", "cơ bản", "học viên",
    "người học", "học sinh", "giáo viên", "online", "trực tuyến", "miễn phí", "hay nhất",
    # how-to verbs and qualifiers
    "dùng", "sử dụng", "bắt đầu", "người mới bắt đầu", "hiệu quả", "đơn giản", "dễ hiểu",
    "nhanh", "chi tiết", "đầy đủ",
]  # fmt: skip

EXACT = {tuple(p.split()) for p in FILLER_PHRASES}
FOLDED = {tuple(fold(p).split()) for p in FILLER_PHRASES}
LONGEST = max(len(p) for p in EXACT)


def filler_spans(exact, folded):
    """Positions (indices of tokens) that belong to a filler phrase, longest phrase first."""
    positions = set()
    i = 0
    while i < len(folded):
        for length in range(LONGEST, 0, -1):
            ex = tuple(exact[i : i + length])
            fo = tuple(folded[i : i + length])
            if len(fo) < length:
                continue
            has_marks = ex != fo
            if (has_marks and ex in EXACT) or (not has_marks and fo in FOLDED):
                positions.update(range(i, i + length))
                i += length
                break
        else:
            i += 1
    return positions
