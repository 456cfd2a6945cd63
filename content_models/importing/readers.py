"""Read an import file (CSV or JSON) into raw rows that remember where they came from.

Every row keeps the place a person would look for it: the physical line of a CSV record (a
quoted field may span several lines; the record's first line is reported), or the position of
a JSON item (counted from 1) and the line it starts on. Problems with the file as a whole
(encoding, syntax, unknown columns) raise `ImportFileError`; problems of a row are found later
by `validation.py`.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# The columns (CSV) or keys (JSON) of the format, in the order the README documents them.
COLUMNS = (
    "external_id",
    "title",
    "summary",
    "body",
    "programme_levels",
    "subjects",
    "grades",
    "resource_type",
    "licence",
    "language",
    "authors",
    "centre",
    "province",
    "keywords",
    "attachments",
)
REQUIRED_COLUMNS = ("external_id", "title", "licence", "centre")
FORMATS = ("csv", "json")
# A lesson body may be long; csv's default limit of 128 KB per field is too small.
CSV_FIELD_LIMIT = 16 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read at all; the message is Vietnamese and says where."""


@dataclass
class RawRow:
    """One lesson as found in the file, before validation."""

    label: str
    data: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def detect_format(path, requested=None):
    """`csv` or `json`, from --format or the file extension."""
    if requested:
        return requested
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    raise ImportFileError(
        _("Không nhận ra định dạng của tệp “%(name)s”: dùng đuôi .csv hoặc .json, hoặc --format.")
        % {"name": Path(path).name}
    )


def read_text(path):
    """The file as text: UTF-8, with or without a byte-order mark."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ImportFileError(
            _("Không đọc được tệp “%(name)s”: %(error)s")
            % {"name": Path(path).name, "error": error.strerror or error}
        ) from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _("Tệp không phải UTF-8 (byte lỗi ở dòng %(line)s). Hãy lưu lại tệp với mã UTF-8.")
            % {"line": line}
        ) from error


def read_rows(path, file_format=None):
    """Raw rows of `path`, in file order."""
    file_format = detect_format(path, file_format)
    text = read_text(path)
    if file_format == "csv":
        return read_csv(text)
    return read_json(text)


def _check_columns(columns):
    if len(columns) == 1 and ";" in columns[0]:
        # Excel with Vietnamese regional settings separates columns with ";".
        raise ImportFileError(
            _("Các cột đang ngăn cách bằng dấu chấm phẩy (;). Hãy lưu lại tệp dạng “CSV UTF-8 "
              "(phân tách bằng dấu phẩy)”: dấu ; chỉ dùng để ngăn các mục trong một ô.")
        )  # fmt: skip
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Cột không được hỗ trợ: %(unknown)s. Các cột hợp lệ: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFileError(
            _("Thiếu cột bắt buộc: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        raise ImportFileError(_("Cột bị lặp lại: %(names)s.") % {"names": ", ".join(duplicated)})


def read_csv(text):
    """Rows of a comma-separated file whose first line names the columns."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportFileError(_("Tệp CSV trống: cần một dòng tiêu đề cột."))
        columns = [name.strip() for name in header]
        _check_columns(columns)
        rows = []
        last_line = reader.line_num
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(value.strip() for value in record):
                continue  # blank line
            row = RawRow(label=_("Dòng %(line)s") % {"line": first_line})
            if len(record) > len(columns):
                row.errors.append(
                    _("có %(found)s ô nhưng tiêu đề chỉ có %(expected)s cột")
                    % {"found": len(record), "expected": len(columns)}
                )
            row.data = dict(zip(columns, record, strict=False))
            rows.append(row)
    except csv.Error as error:
        raise ImportFileError(
            _("Tệp CSV sai cú pháp ở dòng %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error
    return rows


def _skip_space(text, pos):
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_error(text, pos, message):
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return ImportFileError(
        _("Tệp JSON sai cú pháp ở dòng %(line)s, cột %(column)s: %(message)s")
        % {"line": line, "column": column, "message": message}
    )


def read_json(text):
    """Rows of a JSON list of objects, each with the line its item starts on.

    The list is walked item by item with `raw_decode` so every item's offset is known; the
    standard parser only reports positions of syntax errors.
    """
    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)
    if pos >= len(text) or text[pos] != "[":
        raise ImportFileError(_("Tệp JSON phải là một danh sách ([…]) các đối tượng bài học."))
    pos = _skip_space(text, pos + 1)
    rows = []
    if pos < len(text) and text[pos] == "]":
        return rows
    while True:
        start = pos
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            raise _json_error(text, error.pos, error.msg) from error
        line = text.count("\n", 0, start) + 1
        row = RawRow(
            label=_("Mục thứ %(index)s (dòng %(line)s)") % {"index": len(rows) + 1, "line": line}
        )
        if isinstance(item, dict):
            unknown = [key for key in item if key not in COLUMNS]
            if unknown:
                row.errors.append(
                    _("khóa không được hỗ trợ: %(keys)s") % {"keys": ", ".join(unknown)}
                )
            row.data = {key: value for key, value in item.items() if key in COLUMNS}
        else:
            row.errors.append(_("mỗi mục phải là một đối tượng JSON ({…})"))
        rows.append(row)
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            break
        raise _json_error(text, pos, _("thiếu dấu phẩy hoặc dấu ] đóng danh sách"))
    if _skip_space(text, pos + 1) != len(text):
        raise _json_error(text, _skip_space(text, pos + 1), _("còn nội dung sau dấu ] cuối"))
    return rows
