"""Real audio, video and heavy PDFs made at test time with ffmpeg (lavfi testsrc2/sine) and
Pillow, and ffprobe readings of them. Nothing is downloaded. Tests using these skip when the
Debian tools are missing (.ci/media-tools.sh installs them)."""

import io
import json
import shutil
import subprocess

import pytest
from PIL import Image

needs_tools = pytest.mark.skipif(
    not (shutil.which("ffmpeg") and shutil.which("ffprobe") and shutil.which("gs")),
    reason="ffmpeg/ghostscript missing: run .ci/media-tools.sh",
)

FFMPEG = ["ffmpeg", "-nostdin", "-v", "error", "-y"]


def _run(args):
    subprocess.run(args, check=True, capture_output=True, timeout=120)


def make_video(path, seconds=6, size="1280x720", bitrate="3M", faststart=False, audio=True):
    """An H.264/AAC MP4 of testsrc2 and a 440 Hz tone, heavier than a phone needs."""
    args = [*FFMPEG, "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitrate, "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "192k", "-ac", "2", "-shortest"]
    if faststart:
        args += ["-movflags", "+faststart"]
    _run([*args, str(path)])
    return path.read_bytes()


def loop_video(source, path, times):
    """`source` played `times` times, by stream copy: a long video made in no time."""
    _run([*FFMPEG, "-stream_loop", str(times - 1), "-i", str(source), "-c", "copy", str(path)])
    return path.read_bytes()


def make_audio(path, seconds=10):
    _run(
        [
            *FFMPEG,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=330:duration={seconds}:sample_rate=44100",
            "-ac",
            "2",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "192k",
            str(path),
        ]
    )
    return path.read_bytes()


def heavy_pdf(pages=2, size=(2480, 3508)):
    """Scanned-looking A4 pages at 300 dpi (noise pictures), as a scanned worksheet."""
    images = [Image.effect_noise(size, 20).convert("RGB") for _ in range(pages)]
    output = io.BytesIO()
    images[0].save(
        output, format="PDF", save_all=True, append_images=images[1:], resolution=300, quality=90
    )
    return output.getvalue()


def ffprobe(path):
    """{"duration": s, "video": stream or None, "audio": stream or None} as ffprobe reads it."""
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
        + [str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    data = json.loads(output)
    streams = data["streams"]
    return {
        "duration": float(data["format"]["duration"]),
        "bit_rate": int(data["format"].get("bit_rate", 0)),
        "video": next((s for s in streams if s["codec_type"] == "video"), None),
        "audio": next((s for s in streams if s["codec_type"] == "audio"), None),
    }


def gs_page_count(path):
    """The page count as Ghostscript itself reads it."""
    output = subprocess.run(
        [
            "gs",
            "-q",
            "-dNODISPLAY",
            "-dNOSAFER",
            "-c",
            f"({path}) (r) file runpdfbegin pdfpagecount = quit",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout
    return int(output.strip().splitlines()[-1])
