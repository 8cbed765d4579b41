"""Preview thumbnails: BIF and trickplay formats, the slot planner, fingerprints and plans.

Pure Python. The FFmpeg side lives in ``tendarr.integrations.ffmpeg``; the use case that
ties them together is ``tendarr.services.generate_previews``. See ``docs/previews.md``.
"""
