"""Real files made in the test, with Pillow and plain bytes (nothing is downloaded)."""

import io
import os
import zipfile

from PIL import Image


def jpeg_bytes(width=64, height=48, quality=90, noise=False):
    if noise:
        picture = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=quality)
    return output.getvalue()


def png_bytes(width=64, height=48, color=(30, 120, 200)):
    output = io.BytesIO()
    Image.new("RGB", (width, height), color).save(output, format="PNG")
    return output.getvalue()


def webp_bytes(width=64, height=48):
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 50, 50)).save(output, format="WEBP")
    return output.getvalue()


def gif_bytes(width=64, height=48):
    output = io.BytesIO()
    Image.new("P", (width, height), 3).save(output, format="GIF")
    return output.getvalue()


def pixel_bomb_jpeg(claimed=20000, target_size=30 * 1024):
    """A real ~30 KB JPEG whose SOF0 header claims `claimed`×`claimed` pixels."""
    data = bytearray(jpeg_bytes(160, 120, quality=95, noise=True))
    sof = data.find(b"\xff\xc0")
    assert sof > 0, "baseline JPEG expected"
    # SOF0: marker(2) length(2) precision(1) height(2) width(2)
    data[sof + 5 : sof + 7] = claimed.to_bytes(2, "big")
    data[sof + 7 : sof + 9] = claimed.to_bytes(2, "big")
    if len(data) < target_size:
        # Pad with a comment segment so the file has the size the fault describes.
        missing = min(target_size - len(data), 65000)
        comment = b"\xff\xfe" + (missing + 2).to_bytes(2, "big") + b"x" * missing
        data[2:2] = comment
    return bytes(data)


def animated_gif(frames=500, size=(1000, 1000)):
    """A GIF89a written byte by byte: a `size` canvas and `frames` frames, each a one-pixel
    image (so the file is tiny) that a decoder nevertheless composites onto the full canvas."""
    width, height = size
    out = bytearray(b"GIF89a")
    out += width.to_bytes(2, "little") + height.to_bytes(2, "little")
    out += bytes([0xF0, 0, 0]) + b"\x00\x00\x00\xff\xff\xff"  # 2-colour global table
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    for index in range(frames):
        out += b"\x21\xf9\x04\x00\x04\x00\x00\x00"  # graphic control: 40 ms
        left, top = index % width, (index // width) % height
        out += b"\x2c" + left.to_bytes(2, "little") + top.to_bytes(2, "little")
        out += b"\x01\x00\x01\x00\x00"  # 1×1, no local colour table
        out += b"\x02\x02\x44\x01\x00"  # LZW: clear, pixel 0, end
    out += b"\x3b"
    return bytes(out)


def pdf_bytes(pages=2, size=(595, 842)):
    """A real PDF (Pillow writes one page per image)."""
    images = [Image.new("RGB", size, (255, 255, 255 - 40 * index)) for index in range(pages)]
    output = io.BytesIO()
    images[0].save(output, format="PDF", save_all=True, append_images=images[1:])
    return output.getvalue()


def _zip(members, first=None):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, as ODF requires
        for name, content in members.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


OOXML_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
}


def ooxml_bytes(kind="docx", macros=False):
    part, content_type = OOXML_MAIN[kind]
    main = f"application/vnd.openxmlformats-officedocument.{content_type}"
    if macros:
        main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/content-types"><Override PartName="/{part}" ContentType="{main}"/></Types>'
    )
    members = {"[Content_Types].xml": types, part: "<xml/>", "_rels/.rels": "<Relationships/>"}
    if macros:
        members["word/vbaProject.bin"] = b"\x00" * 64
    return _zip(members)


def odf_bytes(kind="text"):
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    return _zip({"content.xml": "<office:document-content/>"}, first=("mimetype", mimetype))


def mp4_bytes():
    ftyp = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    return ftyp + b"\x00\x00\x00\x08free" + b"\x00\x00\x00\x10mdat" + b"\x00" * 8


def webm_bytes():
    return (
        bytes.fromhex("1a45dfa3")
        + bytes.fromhex("9f4286810142f7810142f2810442f381084282")
        + (b"\x84webm")
        + b"\x00" * 32
    )


def mp3_bytes():
    # ID3v2.3 tag (10-byte header, empty body) then an MPEG-1 Layer III frame header.
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400


def ogg_bytes():
    return b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x1e\x01vorbis" + b"\x00" * 64


def fits_bytes():
    header = "SIMPLE  =                    T / FITS".ljust(80)
    header += "BITPIX  =                    8".ljust(80) + "NAXIS   =                    0".ljust(
        80
    )
    header += "END".ljust(80)
    return header.ljust(2880).encode("ascii")


HTML_PDF = (
    b"<!DOCTYPE html><html><head><title>B\xc3\xa0i h\xe1\xbb\x8dc</title></head><body>"
    b"<script>fetch('/admin/').then(r => r.text()).then(alert)</script></body></html>"
)
EVIL_SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00"


def multipart_body(fields, file_field, file_name, content, boundary="hlmBoundary7MA4YWxk"):
    """A multipart/form-data body written by hand, so the file name is sent exactly as given
    (Django's test client would strip `../` itself)."""
    lines = []
    for name, value in fields.items():
        lines.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n')
        lines.append(f"{value}\r\n")
    head = "".join(lines).encode()
    disposition = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return head + disposition + content + tail, f"multipart/form-data; boundary={boundary}"
