"""A small published catalogue and checks shared by the page and API tests of search/.

Not a test module: imported by test_views.py, test_api.py and test_bad_input.py. Lessons are
published through revisions (so the outbox fires) and drained into the database table and,
for `@pytest.mark.search` tests, into the real Elasticsearch server.
"""

import contextlib
import socket
import threading

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

XSS_TITLE = 'Bài <script>alert("x")</script> kiểm tra'


def build_catalogue(make_lesson, drain):
    """Ten lessons: four hand-made, one hostile title, five for paging; drained."""
    lessons = {
        "quadratic": make_lesson(
            "Phương trình bậc hai",
            "Giải phương trình bậc hai một ẩn bằng công thức nghiệm.",
            subjects=["Toán"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[10],
            resource_type="Bài giảng điện tử",
        ),
        "derivative": make_lesson(
            "Đạo hàm và ứng dụng",
            "Khái niệm đạo hàm, quy tắc tính đạo hàm.",
            subjects=["Toán"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[11],
        ),
        "fractions": make_lesson(
            "Phân số",
            "Cộng trừ phân số cho lớp xóa mù chữ.",
            subjects=["Toán"],
            levels=["Xóa mù chữ giai đoạn 2"],
            grades=[5],
            licence="CC BY-ND 4.0",
        ),
        "history": make_lesson(
            "Hòa bình và hợp tác",
            "Lịch sử thế giới sau chiến tranh lạnh.",
            subjects=["Lịch sử"],
            levels=["Chương trình GDTX cấp THPT"],
            grades=[12],
        ),
        "hostile": make_lesson(
            XSS_TITLE,
            'Tóm tắt <img src=x onerror="alert(1)"> về hệ phương trình.',
            subjects=["Tin học"],
        ),
    }
    for number in range(1, 6):
        lessons[f"series{number}"] = make_lesson(
            f"Bất phương trình bài {number}",
            "Luyện tập bất phương trình bậc nhất.",
            subjects=["Toán"],
            levels=["Chương trình GDTX cấp THCS"],
            grades=[9],
        )
    drain()
    return lessons


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
