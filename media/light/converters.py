"""The commands that make a light version, and `probe` (ffprobe) to read what a file holds.

- Video: H.264 Constrained Baseline, level 3.0, at most 360 lines and 30 frames per second,
  about 500 kbit/s, AAC-LC mono 64 kbit/s, `faststart` MP4: what every Android phone since 4.x
  plays in its browser without a plug-in.
- Sound: MP3 mono 48 kbit/s at 22.05 kHz, enough for speech and played everywhere.
- PDF: Ghostscript's `pdfwrite` with `/ebook` settings (pictures down to 150 dpi), `-dSAFER`.

Every run goes through `runner.run` with the limits of the job. See docs/light-versions.md.
"""

import json

from django.utils.translation import gettext as _

from .runner import ToolError, run

VIDEO_HEIGHT = 360
VIDEO_MAX_FPS = 30
VIDEO_BITRATE = "500k"
AUDIO_BITRATE_IN_VIDEO = "64k"
AUDIO_BITRATE = "48k"
# A light version this much shorter than the original means the input was cut short.
DURATION_TOLERANCE_SECONDS = 2.0

FFMPEG = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-threads", "1"]


def probe(path, limits):
    """{"duration": seconds, "video": stream or None, "audio": stream or None}."""
    output = run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            path,
        ],
        limits,
        tool="ffprobe",
    )
    data = json.loads(output or b"{}")
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    try:
        duration = float(data.get("format", {}).get("duration", 0) or 0)
    except ValueError:
        duration = 0.0
    return {"duration": duration, "video": video, "audio": audio}


def _check_duration(source_info, output_path, limits):
    info = probe(output_path, limits)
    if source_info["duration"] - info["duration"] > DURATION_TOLERANCE_SECONDS:
        raise ToolError(
            _(
                "Tệp gốc có vẻ bị cắt cụt hoặc hỏng: chỉ đọc được %(got).0f trên "
                "%(expected).0f giây."
            )
            % {"got": info["duration"], "expected": source_info["duration"]}
        )
    return info


def _readable_media(source_path, limits, *, want_video):
    try:
        info = probe(source_path, limits)
    except ToolError as error:
        raise ToolError(
            _("Không đọc được tệp âm thanh/video (tệp hỏng hoặc bị cắt cụt). %(detail)s")
            % {"detail": error}
        ) from error
    if want_video and info["video"] is None:
        raise ToolError(_("Tệp không có hình ảnh video nào đọc được."))
    if not want_video and info["audio"] is None:
        raise ToolError(_("Tệp không có âm thanh nào đọc được."))
    if info["duration"] <= 0:
        raise ToolError(_("Không đọc được thời lượng của tệp (tệp hỏng hoặc bị cắt cụt)."))
    return info


def light_video(source_path, output_path, limits):
    info = _readable_media(source_path, limits, want_video=True)
    args = [*FFMPEG, "-i", source_path, "-map", "0:v:0"]
    if info["audio"] is not None:
        args += ["-map", "0:a:0"]
    args += [
        "-vf",
        f"scale=-2:'min({VIDEO_HEIGHT},ih)':flags=bicubic,format=yuv420p",
        "-fpsmax",
        str(VIDEO_MAX_FPS),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-profile:v",
        "baseline",
        "-level:v",
        "3.0",
        "-crf",
        "28",
        "-maxrate",
        VIDEO_BITRATE,
        "-bufsize",
        "1000k",
    ]
    if info["audio"] is not None:
        args += ["-c:a", "aac", "-b:a", AUDIO_BITRATE_IN_VIDEO, "-ac", "1", "-ar", "44100"]
    args += ["-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4"]
    run([*args, output_path], limits, tool="ffmpeg")
    _check_duration(info, output_path, limits)
    return "video/mp4"


def light_audio(source_path, output_path, limits):
    info = _readable_media(source_path, limits, want_video=False)
    args = [*FFMPEG, "-i", source_path, "-map", "0:a:0", "-vn"]
    args += ["-c:a", "libmp3lame", "-b:a", AUDIO_BITRATE, "-ac", "1", "-ar", "22050"]
    args += ["-map_metadata", "-1", "-f", "mp3", output_path]
    run(args, limits, tool="ffmpeg")
    _check_duration(info, output_path, limits)
    return "audio/mpeg"


def light_pdf(source_path, output_path, limits, *, page_count):
    """`page_count(path)` counts pages; a result with a different count is refused."""
    try:
        expected = page_count(source_path)
    except Exception as error:  # pdfium refuses it: gs would only make something of it
        raise ToolError(_("Không đọc được tệp PDF gốc (tệp hỏng).")) from error
    run(
        [
            "gs",
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=pdfwrite",
            "-dCompatibilityLevel=1.5",
            "-dPDFSETTINGS=/ebook",
            "-dDetectDuplicateImages=true",
            f"-sOutputFile={output_path}",
            source_path,
        ],
        limits,
        tool="Ghostscript",
    )
    try:
        got = page_count(output_path)
    except Exception as error:
        raise ToolError(_("Ghostscript tạo ra một tệp PDF không đọc được.")) from error
    if got != expected:
        raise ToolError(
            _("Bản nhẹ có %(got)s trang, bản gốc có %(expected)s trang: không dùng được.")
            % {"got": got, "expected": expected}
        )
    return "application/pdf"
