"""Light versions of heavy attachments: 360p H.264/AAC video, low-bitrate MP3 sound and
Ghostscript `/ebook` PDFs, made in the background and kept only when substantially smaller.

`runner.py` runs the external tools inside time and memory bounds, `converters.py` knows the
commands, `tasks.py` is the django-tasks job started on upload. See docs/light-versions.md.
"""
