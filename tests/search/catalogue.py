"""The one lesson catalogue of the search tests, and the checks the page and API tests share.

`LESSONS` holds every lesson the catalogue fixtures publish, by key; a catalogue is a selection
of those keys, published in that order (the newest last) through revisions, so the outbox
fires, then drained into the database table and, for `@pytest.mark.search` tests, into the
real Elasticsearch server:

* `BACKEND_CATALOGUE`, the default of the `catalogue` fixture (tests/search/conftest.py): six
  lessons across subjects, levels, grades and licences, for the backends and the service;
* `WEB_CATALOGUE`, for the page and the API: four of the same lessons, a hostile title and five
  lessons to page through, and no lesson in "Tiếng Anh". A module picks it by overriding the
  `catalogue_lessons` fixture.
"""

import contextlib
import socket
import threading

THPT = "Chương trình GDTX cấp THPT"
XSS_TITLE = 'Bài <script>alert("x")</script> kiểm tra'

LESSONS = {
    "quadratic": {
        "title": "Phương trình bậc hai",
        "summary": "Giải phương trình bậc hai một ẩn.",
        "subjects": ["Toán"],
        "levels": [THPT],
        "grades": [10],
        "resource_type": "Bài giảng điện tử",
    },
    "derivative": {
        "title": "Đạo hàm và ứng dụng",
        "summary": "Khái niệm đạo hàm, quy tắc tính đạo hàm.",
        "subjects": ["Toán"],
        "levels": [THPT],
        "grades": [11],
    },
    "fractions": {
        "title": "Phân số",
        "summary": "Cộng trừ phân số cho lớp xóa mù chữ.",
        "subjects": ["Toán"],
        "levels": ["Xóa mù chữ giai đoạn 2"],
        "grades": [5],
        "licence": "CC BY-ND 4.0",  # the one licence without derivatives
    },
    "history": {
        "title": "Hòa bình và hợp tác",
        "summary": "Lịch sử thế giới sau chiến tranh lạnh.",
        "subjects": ["Lịch sử"],
        "levels": [THPT],
        "grades": [12],
    },
    "flowers": {
        "title": "Hoa và cây cảnh",
        "summary": "Kỹ thuật trồng hoa cho nông dân.",
        "subjects": ["Nông nghiệp và chuyển giao công nghệ"],
        "levels": ["Tư vấn hướng nghiệp và nghề phổ thông"],
    },
    "english": {
        "title": "Tiếng Anh giao tiếp cơ bản",
        "summary": "Chào hỏi và giới thiệu bản thân.",
        "subjects": ["Tiếng Anh"],
        "levels": ["Chương trình GDTX cấp THCS"],
        "grades": [6],
    },
    "hostile": {
        "title": XSS_TITLE,
        "summary": 'Tóm tắt <img src=x onerror="alert(1)"> về hệ phương trình.',
        "subjects": ["Tin học"],
    },
    **{
        f"series{number}": {
            "title": f"Bất phương trình bài {number}",
            "summary": "Luyện tập bất phương trình bậc nhất.",
            "subjects": ["Toán"],
            "levels": ["Chương trình GDTX cấp THCS"],
            "grades": [9],
        }
        for number in range(1, 6)
    },
}

BACKEND_CATALOGUE = ("quadratic", "derivative", "fractions", "history", "flowers", "english")
WEB_CATALOGUE = (
    "quadratic",
    "derivative",
    "fractions",
    "history",
    "hostile",
    *(f"series{number}" for number in range(1, 6)),
)


def publish_catalogue(keys, make_lesson, drain):
    """{key: lesson} for the lessons named by `keys`, published in that order and drained."""
    lessons = {}
    for key in keys:
        spec = dict(LESSONS[key])
        lessons[key] = make_lesson(spec.pop("title"), spec.pop("summary"), **spec)
    drain()
    return lessons


# Text of Elasticsearch errors, tracebacks and Django's debug page: none may reach a user.
LEAK_MARKERS = (
    "parse_exception",
    "query_shard_exception",
    "search_phase_execution_exception",
    "query_string",
    "Failed to parse",
    "illegal_argument_exception",
    "Result window is too large",
    "result_window",
    "TransportError",
    "ApiError",
    "Traceback",
    "OperationalError",
    "fts5: syntax error",
    "tsquery",
)


def assert_no_leak(response):
    body = response.content.decode("utf-8", "replace")
    for marker in LEAK_MARKERS:
        assert marker.lower() not in body.lower(), f"{marker!r} leaked into the response"


@contextlib.contextmanager
def silent_server():
    """A real TCP server that accepts connections and never answers: a hung Elasticsearch.

    Yields its URL. Used to show the timeout path (docs/faults.md row 9) without any fake client.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
                accepted.append(connection)  # keep it open, say nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


def closed_port_url():
    """URL of a port nobody listens on: Elasticsearch configured but stopped."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


def break_database_table(connection):
    """Drop the facet table inside the test's transaction: the database fallback now fails
    for real (as with a missing migration), so the service raises. Rolled back after the test.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of this transaction's inserts must run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP TABLE search_searchfacetvalue")
