"""FFmpeg adapters of the preview engine: probe, keyframe index, extraction, sheets, GPUs.

Subprocesses only (``ffmpeg``/``ffprobe`` 5.1 or newer); every child runs under the stall
watchdog in ``process.py``. See docs/previews.md.
"""
