"""Classify a file's dynamic range, best audio track and resolution from probe fields and name.

Evidence order, for all three questions: the server's stream fields first, the file name
second, and ``unknown`` when neither says anything (never a guessed SDR or stereo).

The file name may *refine* a stream reading but never contradict it. A refinement adds a
layer that the probe could not have seen: Dolby Vision on a stream read as plain HDR10 by a
source with no Dolby Vision vocabulary, HDR10+ on an HDR10 stream whose probe did not read
the dynamic metadata, Atmos on a TrueHD or EAC3 core, DTS:X on a DTS-HD MA core. The rule
tables below are module data; ``docs/media-analysis.md`` explains each decision.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from tendarr.domain.media import AudioInfo, VideoInfo


class Evidence(enum.StrEnum):
    """What a classification rests on."""

    STREAM = "stream"
    FILENAME = "filename"
    STREAM_AND_FILENAME = "stream+filename"  # the name refined a stream reading
    NONE = "none"


class RangeKind(enum.StrEnum):
    """Dynamic-range classes, best first."""

    DV = "DV"
    HDR10_PLUS = "HDR10+"
    HDR10 = "HDR10"
    HLG = "HLG"
    SDR = "SDR"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DynamicRange:
    """A file's dynamic range; for Dolby Vision, the profile and the base layer's fallback."""

    kind: RangeKind
    dv_profile: int | None = None
    fallback: RangeKind | None = None  # what a non-DV display shows; None: none or not known
    source: Evidence = Evidence.NONE

    @property
    def hdr10_fallback(self) -> bool:
        """Return whether a Dolby Vision file plays as HDR10 (or HDR10+) without DV."""
        return self.kind is RangeKind.DV and self.fallback in _HDR10_FAMILY


_HDR10_FAMILY = frozenset({RangeKind.HDR10, RangeKind.HDR10_PLUS})
UNKNOWN_RANGE = DynamicRange(RangeKind.UNKNOWN)

# Dolby Vision base-layer signal compatibility id -> what a non-DV display shows.
DV_BL_COMPAT_FALLBACK: dict[int, RangeKind | None] = {
    0: None,  # profile 5: IPT-PQ-c2 base layer, unwatchable without DV
    1: RangeKind.HDR10,  # profile 8.1, 10.1
    2: RangeKind.SDR,  # profiles 4, 8.2, 9, 10.2
    4: RangeKind.HLG,  # profile 8.4, 10.4
    6: RangeKind.HDR10,  # profile 7 (UHD Blu-ray)
}
# Used when the compatibility id is missing: profiles whose base layer is fixed by the spec.
DV_PROFILE_FALLBACK: dict[int, RangeKind | None] = {
    4: RangeKind.SDR,
    5: None,
    7: RangeKind.HDR10,
    9: RangeKind.SDR,
}
# Jellyfin's VideoRangeType: the only vendor label with a value for every DV layer pair,
# so its "HDR10" means "not Dolby Vision". (kind, DV fallback)
JELLYFIN_RANGE_TYPES: dict[str, tuple[RangeKind, RangeKind | None]] = {
    "SDR": (RangeKind.SDR, None),
    "HDR10": (RangeKind.HDR10, None),
    "HDR10Plus": (RangeKind.HDR10_PLUS, None),
    "HLG": (RangeKind.HLG, None),
    "DOVI": (RangeKind.DV, None),
    "DOVIWithHDR10": (RangeKind.DV, RangeKind.HDR10),
    "DOVIWithHDR10Plus": (RangeKind.DV, RangeKind.HDR10_PLUS),
    "DOVIWithHLG": (RangeKind.DV, RangeKind.HLG),
    "DOVIWithSDR": (RangeKind.DV, RangeKind.SDR),
    "DOVIWithEL": (RangeKind.DV, RangeKind.HDR10),  # profile 7, BL is HDR10
    "DOVIWithELHDR10Plus": (RangeKind.DV, RangeKind.HDR10_PLUS),
}
# Other vendor labels (Emby VideoRange/ExtendedVideoType, probe names); not DV-aware.
OTHER_RANGE_LABELS: dict[str, RangeKind] = {
    "hdr 10": RangeKind.HDR10,
    "hdr 10+": RangeKind.HDR10_PLUS,
    "hyperloggamma": RangeKind.HLG,
    "dolby vision": RangeKind.DV,
    "dolbyvision": RangeKind.DV,
    "pq": RangeKind.HDR10,
}
# Labels that carry no evidence ("DOVIInvalid": Jellyfin could not use the DV record).
EMPTY_RANGE_LABELS = frozenset({"", "unknown", "none", "doviinvalid"})
PQ_TRANSFERS = frozenset({"smpte2084", "pq", "smpte-st-2084"})
HLG_TRANSFERS = frozenset({"arib-std-b67", "hlg"})
SDR_TRANSFERS = frozenset(
    {"bt709", "bt470m", "bt470bg", "smpte170m", "smpte240m", "bt601", "gamma22", "gamma28"}
    | {"iec61966-2-1", "iec61966-2-4", "bt2020-10", "bt2020-12", "bt1361e", "linear"}
)


def _word(pattern: str, *, digits_after: bool = False) -> re.Pattern[str]:
    """Compile ``pattern`` as a whole token: no letter or digit may touch either side."""
    after = r"(?![a-z])" if digits_after else r"(?![a-z0-9])"
    return re.compile(rf"(?<![a-z0-9])(?:{pattern}){after}", re.IGNORECASE)


# Where a release name's technical tail starts; tokens before it belong to the title.
RELEASE_TAIL_START = _word(
    r"\d{3,4}[pi]|[48]k|blu-?ray|bd-?(?:rip|remux)|br-?rip|remux|web-?(?:dl|rip)"
    r"|[hsp]dtv|dvd-?rip|dvd(?:-?r|5|9)?|hd-?rip|hd-?dvd"
)
DV_TOKEN = _word(r"dv|dovi|dolby[ ._-]?vision")
HDR10_PLUS_TOKEN = re.compile(
    r"(?<![a-z0-9])hdr[ ._-]?10(?:[ .]?\+|(?:[ ._-]?plus|p)(?![a-z0-9]))", re.IGNORECASE
)
# Precedence for a name or display title; HDR10+ is tested before the HDR10 it contains.
RANGE_TOKENS: tuple[tuple[re.Pattern[str], RangeKind], ...] = (
    (HDR10_PLUS_TOKEN, RangeKind.HDR10_PLUS),
    (_word(r"hdr[ ._-]?10"), RangeKind.HDR10),
    (_word("hlg"), RangeKind.HLG),
    (_word(r"pq|smpte[ .]?2084"), RangeKind.HDR10),
    (_word("hdr"), RangeKind.HDR10),  # bare "HDR" in release names means PQ; HLG is spelled
    (_word("sdr"), RangeKind.SDR),
)
_DV_CODEC = re.compile(r"\b(?:dvhe|dvh1|dvav|dva1|dav1)\.(\d{2})", re.IGNORECASE)
# A library repeats a few stream descriptions and release-name tails thousands of times;
# the readings below are pure functions of them (frozen dataclasses, strings), so a sync
# remembers them instead of running the same regular expressions again.
_remember = lru_cache(maxsize=4096)


@dataclass(frozen=True)
class _Reading:
    kind: RangeKind
    dv_profile: int | None = None
    fallback: RangeKind | None = None
    fallback_known: bool = False
    dv_aware: bool = False  # the source could have said DV, so "not DV" is a finding
    plus_known: bool = False  # the source could have said HDR10+


@lru_cache(maxsize=64)  # each file's name is read by several classifiers in a row
def release_tail(filename: str) -> str:
    """Return the file's base name from its first quality token on, or all of it if none."""
    name = re.split(r"[/\\]", filename)[-1]
    match = RELEASE_TAIL_START.search(name)
    return name[match.start() :] if match else name


@_remember
def _text_range(text: str) -> _Reading | None:
    """Read range tokens from a release name or a vendor display title."""
    layer = next((kind for pattern, kind in RANGE_TOKENS if pattern.search(text)), None)
    if DV_TOKEN.search(text):
        return _Reading(RangeKind.DV, fallback=layer, fallback_known=layer is not None)
    return None if layer is None else _Reading(layer)


def _transfer(video: VideoInfo) -> RangeKind | None:
    value = (video.color_transfer or "").strip().lower()
    if value in PQ_TRANSFERS:
        return RangeKind.HDR10
    if value in HLG_TRANSFERS:
        return RangeKind.HLG
    return RangeKind.SDR if value in SDR_TRANSFERS else None


def _dv_config(video: VideoInfo, label: _Reading | None) -> _Reading | None:
    """Read the Dolby Vision configuration record (profile, base-layer compatibility id)."""
    profile = video.dv_profile
    if profile is None:
        match = _DV_CODEC.search(f"{video.codec or ''} {video.profile or ''}")
        profile = int(match.group(1)) if match else None
    compat = video.dv_bl_compat_id
    if profile is None and compat is None:
        return None
    fallback: RangeKind | None = None
    known = True
    if profile == 5:
        fallback = None  # whatever compat id is claimed, a P5 base layer is not displayable
    elif compat is not None and compat in DV_BL_COMPAT_FALLBACK:
        fallback = DV_BL_COMPAT_FALLBACK[compat]
    elif profile is not None and profile in DV_PROFILE_FALLBACK:
        fallback = DV_PROFILE_FALLBACK[profile]
    elif label is not None and label.fallback_known:
        fallback = label.fallback
    elif profile is not None and (base := _transfer(video)) is not None:
        fallback = base  # P8/P10 without a compat id: the probe's transfer is the base layer's
    else:
        known = False
    if fallback is RangeKind.HDR10 and label is not None and label.fallback is RangeKind.HDR10_PLUS:
        fallback = RangeKind.HDR10_PLUS
    return _Reading(RangeKind.DV, profile, fallback, known, dv_aware=True, plus_known=True)


def _label(video: VideoInfo) -> _Reading | None:
    raw = (video.range_label or "").strip()
    if raw in JELLYFIN_RANGE_TYPES:
        kind, fallback = JELLYFIN_RANGE_TYPES[raw]
        known = kind is RangeKind.DV  # "DOVI" alone is Jellyfin's word for "no fallback"
        return _Reading(kind, None, fallback, known, dv_aware=True, plus_known=True)
    lowered = raw.lower()
    if lowered in EMPTY_RANGE_LABELS:
        return None
    if lowered in OTHER_RANGE_LABELS:
        return _Reading(OTHER_RANGE_LABELS[lowered])
    if lowered == "hdr":  # Jellyfin's coarse VideoRange: the transfer says which HDR
        return _Reading(RangeKind.HLG if _transfer(video) is RangeKind.HLG else RangeKind.HDR10)
    return _text_range(raw)


@_remember
def _stream_range(video: VideoInfo) -> _Reading | None:
    """Read the stream fields in order: DV record, range label, display title, flags, transfer."""
    label = _label(video)
    if label is None and video.title:
        label = _text_range(video.title)
    reading = _dv_config(video, label) or label
    if reading is None and video.hdr10_plus:
        reading = _Reading(RangeKind.HDR10_PLUS)
    if reading is None and (base := _transfer(video)) is not None:
        reading = _Reading(base)
    if reading is None:
        return None
    if video.hdr10_plus is not None:
        reading = replace(reading, plus_known=True)
    if video.hdr10_plus:
        if reading.kind is RangeKind.HDR10:
            reading = replace(reading, kind=RangeKind.HDR10_PLUS)
        elif reading.kind is RangeKind.DV and reading.fallback is RangeKind.HDR10:
            reading = replace(reading, fallback=RangeKind.HDR10_PLUS)
    return reading


def classify_dynamic_range(video: VideoInfo | None, filename: str) -> DynamicRange:
    """Return the file's dynamic range: stream fields first, the release name second."""
    stream = None if video is None else _stream_range(video)
    named = _text_range(release_tail(filename))
    if stream is None:
        if named is None:
            return UNKNOWN_RANGE
        return DynamicRange(named.kind, None, named.fallback, Evidence.FILENAME)
    refined = _refine(stream, named)
    source = Evidence.STREAM if refined is stream else Evidence.STREAM_AND_FILENAME
    return DynamicRange(refined.kind, refined.dv_profile, refined.fallback, source)


def _refine(stream: _Reading, named: _Reading | None) -> _Reading:
    """Let the name add a layer the stream could not see; never let it contradict."""
    if named is None:
        return stream
    if stream.kind is RangeKind.DV:
        if not stream.fallback_known and stream.dv_profile != 5 and named.fallback_known:
            return replace(stream, fallback=named.fallback, fallback_known=True)
        return stream
    if stream.kind not in _HDR10_FAMILY:
        return stream  # SDR and HLG readings are final
    if named.kind is RangeKind.DV and not stream.dv_aware:
        # A PQ probe reading of a DV file; a P5 base layer also reads as PQ, so the
        # fallback is only promised when the name or the HDR10+ metadata shows one.
        fallback: RangeKind | None = None
        if stream.kind is RangeKind.HDR10_PLUS:
            fallback = RangeKind.HDR10_PLUS
        elif named.fallback in _HDR10_FAMILY:  # an HLG or SDR claim contradicts the PQ base
            fallback = RangeKind.HDR10 if stream.plus_known else named.fallback
        return _Reading(RangeKind.DV, None, fallback, fallback is not None)
    if (
        named.kind is RangeKind.HDR10_PLUS
        and stream.kind is RangeKind.HDR10
        and not stream.plus_known
    ):
        return replace(stream, kind=RangeKind.HDR10_PLUS)
    return stream


# --- audio ---------------------------------------------------------------------------------


class AudioFormat(enum.StrEnum):
    """Normalised audio formats."""

    ATMOS_TRUEHD = "Atmos (TrueHD)"
    ATMOS_EAC3 = "Atmos (EAC3)"
    ATMOS = "Atmos"  # Atmos named, carrier not known
    TRUEHD = "TrueHD"
    DTS_X = "DTS:X"
    DTS_HD_MA = "DTS-HD MA"
    DTS_HD_HRA = "DTS-HD HRA"
    DTS = "DTS"
    EAC3 = "EAC3"
    AC3 = "AC3"
    AAC = "AAC"
    FLAC = "FLAC"
    PCM = "PCM"
    OPUS = "Opus"
    OTHER = "other"
    UNKNOWN = "unknown"


# Higher is better; TRaSH Guides' audio custom-format order (Opus placed beside AAC).
AUDIO_RANK: dict[AudioFormat, int] = {
    AudioFormat.ATMOS_TRUEHD: 100,
    AudioFormat.DTS_X: 95,
    AudioFormat.ATMOS_EAC3: 90,
    AudioFormat.ATMOS: 88,
    AudioFormat.TRUEHD: 80,
    AudioFormat.DTS_HD_MA: 75,
    AudioFormat.FLAC: 70,
    AudioFormat.PCM: 70,
    AudioFormat.DTS_HD_HRA: 60,
    AudioFormat.EAC3: 50,
    AudioFormat.DTS: 40,
    AudioFormat.AAC: 30,
    AudioFormat.OPUS: 28,
    AudioFormat.AC3: 25,
    AudioFormat.OTHER: 10,
    AudioFormat.UNKNOWN: 0,
}
# Codec names as Plex, Jellyfin, Emby and ffprobe spell them -> the core format.
AUDIO_CODECS: dict[str, AudioFormat] = {
    **dict.fromkeys(("truehd", "mlp"), AudioFormat.TRUEHD),
    **dict.fromkeys(("dts", "dca", "dts-hd", "dtshd"), AudioFormat.DTS),
    **dict.fromkeys(("eac3", "e-ac-3", "ec-3", "ec3", "ddp"), AudioFormat.EAC3),
    **dict.fromkeys(("ac3", "ac-3", "a52"), AudioFormat.AC3),
    **dict.fromkeys(("aac", "aac_latm", "mp4a", "he-aac"), AudioFormat.AAC),
    "flac": AudioFormat.FLAC,
    **dict.fromkeys(("pcm", "lpcm"), AudioFormat.PCM),
    "opus": AudioFormat.OPUS,
}
# ffmpeg's default layout per channel count.
CHANNEL_LAYOUTS: dict[int, str] = {
    1: "1.0",
    2: "2.0",
    3: "3.0",
    4: "4.0",
    5: "5.0",
    6: "5.1",
    7: "6.1",
    8: "7.1",
}
ATMOS_TOKEN = _word(r"(?:dolby[ ._-]?)?atmos", digits_after=True)
TRUEHD_TOKEN = _word(r"true[ ._-]?hd", digits_after=True)
EAC3_TOKEN = _word(r"ddp|dd\+|e-?ac-?3|ec-?3|dolby[ ._-]?digital[ ._-]?plus", digits_after=True)
DTS_X_TOKEN = _word(r"dts[-.: ]?x")
DTS_HD_MA_TOKEN = _word(
    r"dts[ ._-]?(?:hd[ ._-]?)?(?:ma|master(?:[ ._-]?audio)?)", digits_after=True
)
DTS_HD_HRA_TOKEN = _word(r"dts[ ._-]?hd[ ._-]?(?:hra|hr|high[ ._-]?res)", digits_after=True)
# Filename precedence, best first (the same order as AUDIO_RANK).
AUDIO_TOKENS: tuple[tuple[AudioFormat, tuple[re.Pattern[str], ...]], ...] = (
    (AudioFormat.ATMOS_TRUEHD, (TRUEHD_TOKEN, ATMOS_TOKEN)),
    (AudioFormat.DTS_X, (DTS_X_TOKEN,)),
    (AudioFormat.ATMOS_EAC3, (EAC3_TOKEN, ATMOS_TOKEN)),
    (AudioFormat.ATMOS, (ATMOS_TOKEN,)),
    (AudioFormat.TRUEHD, (TRUEHD_TOKEN,)),
    (AudioFormat.DTS_HD_MA, (DTS_HD_MA_TOKEN,)),
    (AudioFormat.FLAC, (_word("flac", digits_after=True),)),
    (AudioFormat.PCM, (_word("l?pcm", digits_after=True),)),
    (AudioFormat.DTS_HD_HRA, (DTS_HD_HRA_TOKEN,)),
    (AudioFormat.EAC3, (EAC3_TOKEN,)),
    (AudioFormat.DTS, (_word("dts", digits_after=True),)),  # bare "DTS-HD": only the core
    (AudioFormat.AAC, (_word("aac", digits_after=True),)),
    # "Opus" and "DD" are title words too; they count only with a channel layout after them.
    (AudioFormat.OPUS, (_word(r"opus(?=[ ._]?[1-9][ ._][0-9])", digits_after=True),)),
    (AudioFormat.AC3, (_word(r"ac-?3|dd(?=[ ._]?[1-9][ ._][0-9])", digits_after=True),)),
)
LAYOUT_TOKEN = re.compile(r"(?<![0-9])([1-7])[ .]([01])(?![0-9])")
KNOWN_LAYOUTS = frozenset(CHANNEL_LAYOUTS.values()) | {"2.1"}
# Layout words, read in vendor display titles only ("Stereo" is a title word in names).
WORD_LAYOUTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_word("stereo"), "2.0"),
    (_word("mono"), "1.0"),
)


@dataclass(frozen=True)
class AudioProfile:
    """The best audio track's format and channel layout."""

    format: AudioFormat
    layout: str | None = None  # "7.1", "5.1", "2.0"...
    source: Evidence = Evidence.NONE
    track: int | None = None  # index of the chosen track in the given sequence

    @property
    def label(self) -> str:
        """Return the display form, e.g. ``Atmos (TrueHD) 7.1``."""
        return f"{self.format} {self.layout}" if self.layout else str(self.format)


@_remember
def _text_format(text: str) -> AudioFormat | None:
    return next((fmt for fmt, needed in AUDIO_TOKENS if all(p.search(text) for p in needed)), None)


@_remember
def _text_layout(text: str, *, words: bool = False) -> str | None:
    for match in LAYOUT_TOKEN.finditer(text):
        layout = f"{match.group(1)}.{match.group(2)}"
        if layout in KNOWN_LAYOUTS:
            return layout
    if words:
        return next((layout for word, layout in WORD_LAYOUTS if word.search(text)), None)
    return None


@_remember
def _track_format(track: AudioInfo) -> AudioFormat:
    """Classify one track from codec, profile and display title."""
    text = " ".join(t for t in (track.profile, track.title) if t)
    codec = (track.codec or "").strip().lower()
    core = AUDIO_CODECS.get(codec)
    if core is None and codec.startswith("pcm_"):
        core = AudioFormat.PCM
    if core is None:
        if codec:
            return AudioFormat.OTHER
        return _text_format(text) or AudioFormat.UNKNOWN
    # Atmos rides only on TrueHD and EAC3; on any other codec the word is a mislabel.
    if core is AudioFormat.TRUEHD and ATMOS_TOKEN.search(text):
        return AudioFormat.ATMOS_TRUEHD
    if core is AudioFormat.EAC3 and ATMOS_TOKEN.search(text):
        return AudioFormat.ATMOS_EAC3
    if core is AudioFormat.DTS:
        profile = (track.profile or "").strip().lower()
        if DTS_X_TOKEN.search(text):
            return AudioFormat.DTS_X  # DTS:X extends DTS-HD MA, so it outranks the MA profile
        if profile == "ma" or DTS_HD_MA_TOKEN.search(text):
            return AudioFormat.DTS_HD_MA
        if profile in {"hra", "hr"} or DTS_HD_HRA_TOKEN.search(text):
            return AudioFormat.DTS_HD_HRA
    return core


@_remember
def _track_layout(track: AudioInfo) -> str | None:
    if track.channels is not None and track.channels > 0:
        return CHANNEL_LAYOUTS.get(track.channels, f"{track.channels}ch")
    text = " ".join(t for t in (track.profile, track.title) if t)
    return _text_layout(text, words=True)


def _channel_count(layout: str | None) -> int:
    if layout is None:
        return 0
    if layout.endswith("ch"):
        return int(layout[:-2])
    main, _, lfe = layout.partition(".")
    return int(main) + int(lfe or 0)


# Extension layers a filename may add to a stream's core (older probes cannot see them).
AUDIO_NAME_UPGRADES: dict[tuple[AudioFormat, AudioFormat], AudioFormat] = {
    (AudioFormat.TRUEHD, AudioFormat.ATMOS_TRUEHD): AudioFormat.ATMOS_TRUEHD,
    (AudioFormat.TRUEHD, AudioFormat.ATMOS): AudioFormat.ATMOS_TRUEHD,
    (AudioFormat.EAC3, AudioFormat.ATMOS_EAC3): AudioFormat.ATMOS_EAC3,
    (AudioFormat.EAC3, AudioFormat.ATMOS): AudioFormat.ATMOS_EAC3,
    (AudioFormat.DTS_HD_MA, AudioFormat.DTS_X): AudioFormat.DTS_X,
}


def classify_audio(audio: Sequence[AudioInfo], filename: str) -> AudioProfile:
    """Return the best track's profile: stream fields first, the release name second."""
    tail = release_tail(filename)
    named = _text_format(tail)
    tracks = [(_track_format(t), _track_layout(t), i) for i, t in enumerate(audio)]
    known = [t for t in tracks if t[0] is not AudioFormat.UNKNOWN]
    if not known:
        if named is None:
            return AudioProfile(AudioFormat.UNKNOWN)
        return AudioProfile(named, _text_layout(tail), Evidence.FILENAME)
    fmt, layout, index = max(
        known, key=lambda t: (AUDIO_RANK[t[0]], _channel_count(t[1]), audio[t[2]].default)
    )
    source = Evidence.STREAM
    upgraded = AUDIO_NAME_UPGRADES.get((fmt, named)) if named else None
    if upgraded is not None:
        fmt, source = upgraded, Evidence.STREAM_AND_FILENAME
    if layout is None and (layout := _text_layout(tail)) is not None:
        source = Evidence.STREAM_AND_FILENAME
    return AudioProfile(fmt, layout, source, index)


# --- resolution ----------------------------------------------------------------------------


class Resolution(enum.StrEnum):
    """Resolution classes, as release names spell them."""

    P4320 = "4320p"
    P2160 = "2160p"
    P1440 = "1440p"
    P1080 = "1080p"
    P720 = "720p"
    P576 = "576p"
    P480 = "480p"
    SD = "SD"
    UNKNOWN = "unknown"


# (class, min width, min height): a file reaching either threshold is in the class, so a
# 1920x800 scope film is 1080p by width and a 1440x1080 4:3 film is 1080p by height.
RESOLUTION_THRESHOLDS: tuple[tuple[Resolution, int, int], ...] = (
    (Resolution.P4320, 7000, 4000),
    (Resolution.P2160, 3200, 1800),
    (Resolution.P1440, 2400, 1300),
    (Resolution.P1080, 1600, 900),
    (Resolution.P720, 1200, 650),
    (Resolution.P576, 1000, 560),
    (Resolution.P480, 700, 460),
)
RESOLUTION_TOKENS: tuple[tuple[re.Pattern[str], Resolution], ...] = (
    (_word(r"4320p|8k"), Resolution.P4320),
    (_word(r"2160p|4k|uhd"), Resolution.P2160),
    (_word("1440p"), Resolution.P1440),
    (_word("1080[pi]"), Resolution.P1080),
    (_word("720p"), Resolution.P720),
    (_word("576[pi]"), Resolution.P576),
    (_word("480[pi]"), Resolution.P480),
)
SD_TOKEN = _word(r"sd|sdtv|dvd-?rip|dvd(?:-?r|5|9)?")


def classify_resolution(video: VideoInfo | None, filename: str) -> Resolution:
    """Return the resolution class: frame size first, the release name second."""
    width = video.width if video is not None and video.width and video.width > 0 else 0
    height = video.height if video is not None and video.height and video.height > 0 else 0
    if width or height:
        return next(
            (res for res, w, h in RESOLUTION_THRESHOLDS if width >= w or height >= h),
            Resolution.SD,
        )
    name = re.split(r"[/\\]", filename)[-1]
    for pattern, res in RESOLUTION_TOKENS:
        if pattern.search(name):
            return res
    return Resolution.SD if SD_TOKEN.search(release_tail(filename)) else Resolution.UNKNOWN
