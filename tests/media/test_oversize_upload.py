"""docs/faults.md row 2: an upload larger than the cap is refused before it is read into memory
(CVE-2023-28837 class), against Django's test client and a real running server."""

import http.client
import io
import socket
import threading
import tracemalloc

from django.urls import reverse
from django.utils.crypto import get_random_string

import pytest

from media.models import CustomDocument

from . import files
from .conftest import PASSWORD, assert_nothing_stored, stored_files

MB = 2**20
BOUNDARY = "hlmOversizeBoundary"


class LazyBody(io.RawIOBase):
    """A multipart body of `size` file bytes produced as it is read: the test itself never
    holds the upload, so tracemalloc measures only what the server side keeps."""

    def __init__(self, fields, file_field, file_name, size, first_bytes=b""):
        head, _content_type = files.multipart_body(fields, file_field, file_name, b"", BOUNDARY)
        head = head[: -len(f"\r\n--{BOUNDARY}--\r\n")]
        self.parts = [head, first_bytes]
        self.filler = size - len(first_bytes)
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(head) + size + len(self.tail)
        self.sent = 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = self.length - self.sent if size is None or size < 0 else size
        out = bytearray()
        while len(out) < size:
            if self.parts:
                part = self.parts[0]
                take = part[: size - len(out)]
                out += take
                self.parts[0] = part[len(take) :]
                if not self.parts[0]:
                    self.parts.pop(0)
            elif self.filler:
                take = min(self.filler, size - len(out), 64 * 1024)
                out += b"\x00" * take
                self.filler -= take
            elif self.tail:
                take = self.tail[: size - len(out)]
                out += take
                self.tail = self.tail[len(take) :]
            else:
                break
        self.sent += len(out)
        return bytes(out)

    def chunks(self, size=64 * 1024):
        while chunk := self.read(size):
            yield chunk


def _content_type():
    return f"multipart/form-data; boundary={BOUNDARY}"


@pytest.mark.django_db
def test_oversize_document_refused_while_streaming(
    settings, teacher_client, collection_a, media_root
):
    settings.HLM_MAX_DOCUMENT_BYTES = 1 * MB
    body = LazyBody(
        {"title": "Video bài giảng", "collection": collection_a.pk},
        "file",
        "video.mp4",
        40 * MB,
        first_bytes=files.mp4_bytes(),
    )
    tracemalloc.start()
    response = teacher_client.generic(
        "POST",
        reverse("wagtaildocs:add"),
        b"",
        CONTENT_LENGTH=str(body.length),
        CONTENT_TYPE=_content_type(),
        **{"wsgi.input": body},
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert [error.replace("\xa0", " ") for error in errors] == [
        "Tệp “video.mp4” quá lớn (hơn 1,0 MB). Dung lượng tối đa là 1,0 MB."
    ]
    print(f"\n40 MB document, 1 MB cap, test client: tracemalloc peak {peak / MB:.2f} MB")
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB for a 40 MB upload"
    assert_nothing_stored(media_root)


@pytest.mark.django_db
def test_upload_under_the_cap_passes_through_the_handler(
    settings, teacher_client, collection_a, media_root
):
    """3 MB goes to Django's temporary-file handler (over FILE_UPLOAD_MAX_MEMORY_SIZE)."""
    settings.HLM_MAX_DOCUMENT_BYTES = 4 * MB
    content = files.mp4_bytes() + bytes(range(256)) * (3 * MB // 256)
    body = files.multipart_body(
        {"title": "Video", "collection": collection_a.pk}, "file", "video.mp4", content
    )
    response = teacher_client.generic(
        "POST", reverse("wagtaildocs:add"), body[0], content_type=body[1]
    )
    assert response.status_code == 302
    document = CustomDocument.objects.get()
    assert (media_root / document.file.name).read_bytes() == content


# --- A real server (Django's live server thread, real sockets) ----------------------------


def _session_headers(client, teacher):
    assert client.login(username=teacher.username, password=PASSWORD)
    csrf = get_random_string(32)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    return {"Cookie": cookie, "X-CSRFToken": csrf}


def _read_status(sock):
    sock.settimeout(10)
    received = b""
    while b"\r\n" not in received:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return received


# transaction=True: the server thread must see the teacher; serialized_rollback keeps the
# vocabularies seeded by data migrations for the tests that run after these.
live_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@live_db
def test_chunked_upload_without_content_length_refused_by_real_server(
    live_server, client, teacher_a, collection_a, media_root
):
    """`Transfer-Encoding: chunked`, no Content-Length: refused with 400 from the headers,
    before the first byte of the (endless) body is read."""
    headers = _session_headers(client, teacher_a)
    host, port = live_server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    request = (
        f"POST {reverse('wagtailimages:add')} HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: {_content_type()}\r\nTransfer-Encoding: chunked\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + "\r\n"
    ).encode()
    body = LazyBody({"title": "x", "collection": collection_a.pk}, "file", "big.jpg", 500 * MB)
    stop = threading.Event()

    def send_chunks():
        try:
            sock.sendall(request)
            for chunk in body.chunks():
                if stop.is_set():
                    return
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            return  # the server hung up: expected once it has answered

    tracemalloc.start()
    sender = threading.Thread(target=send_chunks, daemon=True)
    sender.start()
    status_line = _read_status(sock)
    stop.set()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sender.join(timeout=10)
    sock.close()

    print(f"\nchunked, no length: {body.sent / MB:.2f} MB sent, peak {peak / MB:.2f} MB")
    assert status_line.startswith(b"HTTP/1.1 400"), status_line[:200]
    assert body.sent < 100 * MB, "the client was allowed to send most of the body"
    assert peak < 16 * MB, f"peak {peak / MB:.1f} MB"
    assert_nothing_stored(media_root)


@live_db
def test_oversize_upload_with_content_length_real_server(
    live_server, settings, client, teacher_a, collection_a, media_root
):
    """A declared 60 MB image against a 1 MB cap: the server reads and drops the bytes past
    the cap, the form says why, memory stays flat and nothing reaches MEDIA_ROOT."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1 * MB
    headers = _session_headers(client, teacher_a)
    body = LazyBody(
        {"title": "Ảnh rất lớn", "collection": collection_a.pk},
        "file",
        "rat-lon.jpg",
        60 * MB,
        first_bytes=files.jpeg_bytes(),
    )
    connection = http.client.HTTPConnection(live_server.url.removeprefix("http://"), timeout=60)
    tracemalloc.start()
    connection.request(
        "POST",
        reverse("wagtailimages:add"),
        body=body.chunks(),
        headers={
            **headers,
            "Content-Type": _content_type(),
            "Content-Length": str(body.length),
        },
    )
    response = connection.getresponse()
    page = response.read().decode().replace("\xa0", " ")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    connection.close()

    assert response.status == 200
    assert "Tệp “rat-lon.jpg” quá lớn (hơn 1,0 MB). Dung lượng tối đa là 1,0 MB." in page
    print(f"\n60 MB image, 1 MB cap, live server: tracemalloc peak {peak / MB:.2f} MB")
    assert peak < 12 * MB, f"peak {peak / MB:.1f} MB for a 60 MB upload"
    assert stored_files(media_root) == []
