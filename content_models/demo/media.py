"""Short, real media for the demo's "Video" and "Âm thanh" lessons, made at seed time with the
machine's tools (no downloads).

- a video: a few seconds of FFmpeg's test pattern with a tone (`ffmpeg -f lavfi -i testsrc`),
  H.264/AAC in MP4, which every browser plays;
- an audio: the lesson's Vietnamese text read by eSpeak NG's Vietnamese voice when Debian's
  `espeak-ng` is installed, else a short tone; MP3.

Without `ffmpeg` nothing is made: `DemoMedia.missing` says so in one line and the demo is built
without media (docs/importing-and-demo.md).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

VIDEO_SECONDS = 4
AUDIO_MAX_SECONDS = 12
TIMEOUT = 60


class DemoMedia:
    def __init__(self):
        self.ffmpeg = shutil.which("ffmpeg")
        self.espeak = shutil.which("espeak-ng")

    @property
    def missing(self):
        """One line for the seeder's output when media cannot be made, else ""."""
        if not self.ffmpeg:
            return "Không có ffmpeg: các bài Video và Âm thanh mẫu được tạo không kèm tệp media."
        return ""

    def _ffmpeg(self, folder, *args):
        command = [self.ffmpeg, "-nostdin", "-loglevel", "error", "-y", *args]
        subprocess.run(command, check=True, timeout=TIMEOUT, cwd=folder, capture_output=True)

    def video(self, seed):
        """MP4 bytes of a few seconds of test pattern and tone; `seed` varies the picture and
        pitch, so no two lessons share a file. None without ffmpeg."""
        if not self.ffmpeg:
            return None
        pattern = ("testsrc", "testsrc2", "smptebars", "rgbtestsrc")[seed % 4]
        seconds = VIDEO_SECONDS
        with tempfile.TemporaryDirectory() as folder:
            self._ffmpeg(
                folder,
                "-f", "lavfi", "-i", f"{pattern}=duration={VIDEO_SECONDS}:size=640x360:rate=24",
                "-f", "lavfi", "-i", f"sine=frequency={330 + 55 * (seed % 8)}:duration={seconds}",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "34", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart",
                "-f", "mp4", "out",
            )  # fmt: skip
            return (Path(folder) / "out").read_bytes()

    def speech(self, text, seed):
        """MP3 bytes of `text` read in Vietnamese (espeak-ng), or a tone without espeak-ng;
        None without ffmpeg."""
        if not self.ffmpeg:
            return None
        with tempfile.TemporaryDirectory() as folder:
            if self.espeak:
                subprocess.run(
                    [self.espeak, "-v", "vi", "-s", "140", "-w", "speech.wav", text],
                    check=True,
                    timeout=TIMEOUT,
                    cwd=folder,
                    capture_output=True,
                )
                source = ["-i", "speech.wav"]
            else:
                source = ["-f", "lavfi", "-i", f"sine=frequency={440 + 20 * seed}:duration=3"]
            self._ffmpeg(
                folder, *source, "-t", str(AUDIO_MAX_SECONDS),
                "-c:a", "libmp3lame", "-b:a", "48k", "-ac", "1", "-f", "mp3", "out",
            )  # fmt: skip
            return (Path(folder) / "out").read_bytes()
