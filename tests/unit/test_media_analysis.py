"""Dynamic range, audio profile and resolution classification (tendarr.domain.analysis)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tendarr.domain.analysis import (
    AUDIO_RANK,
    JELLYFIN_RANGE_TYPES,
    AudioFormat,
    AudioProfile,
    DynamicRange,
    Evidence,
    RangeKind,
    classify_audio,
    classify_dynamic_range,
    classify_resolution,
)
from tendarr.domain.media import AudioInfo, VideoInfo
from tendarr.sim.generate import generate_world
from tendarr.sim.mediabrowser.streams import media_streams
from tendarr.sim.model import AudioStream, MediaFile, MediaServer
from tendarr.sim.plex.streams import media

K = RangeKind
E = Evidence
F = AudioFormat
V = VideoInfo
A = AudioInfo
UHD_PQ = VideoInfo(codec="hevc", width=3840, height=2160, color_transfer="smpte2084")
P = "Movie (2020) {tmdb-1}/Movie (2020)"  # a Tendarr-style path before the release tail


def uhd(**fields: Any) -> VideoInfo:
    """Return a 2160p PQ HEVC stream with ``fields`` changed."""
    return replace(UHD_PQ, **fields)


def dv(profile: int | None, fallback: K | None, source: E = E.STREAM) -> DynamicRange:
    return DynamicRange(K.DV, profile, fallback, source)


def plain(kind: K, source: E = E.STREAM) -> DynamicRange:
    return DynamicRange(kind, None, None, source)


# --- dynamic range ------------------------------------------------------------------------

RANGE_CASES = [
    # Dolby Vision configuration record (Plex DOVIProfile/DOVIBLCompatID, Jellyfin DvProfile).
    pytest.param(
        uhd(dv_profile=5, dv_bl_compat_id=0, title="4K DoVi (HEVC Main 10)"),
        f"{P} [WEBDL-2160p][DV][EAC3 5.1][h265]-FLUX.mkv",
        dv(5, None),
        id="dv_p5_no_fallback",
    ),
    pytest.param(
        uhd(dv_profile=7, dv_bl_compat_id=6, title="4K DoVi/HDR10 (HEVC Main 10)"),
        "x.mkv",
        dv(7, K.HDR10),
        id="dv_p7_bl_compat_6_hdr10_fallback",
    ),
    pytest.param(uhd(dv_profile=8, dv_bl_compat_id=1), "x.mkv", dv(8, K.HDR10), id="dv_p8_1_hdr10"),
    pytest.param(
        V(codec="hevc", color_transfer="arib-std-b67", dv_profile=8, dv_bl_compat_id=4),
        "x.mkv",
        dv(8, K.HLG),
        id="dv_p8_4_hlg_fallback",
    ),
    pytest.param(
        V(codec="hevc", color_transfer="bt709", dv_profile=8, dv_bl_compat_id=2),
        "x.mkv",
        dv(8, K.SDR),
        id="dv_p8_2_sdr_fallback",
    ),
    pytest.param(
        uhd(dv_profile=5, dv_bl_compat_id=1),
        "x.mkv",
        dv(5, None),
        id="dv_p5_claiming_compat_1_still_has_no_fallback",
    ),
    pytest.param(
        uhd(dv_profile=8),
        "x.mkv",
        dv(8, K.HDR10),
        id="dv_p8_without_compat_id_uses_base_layer_transfer",
    ),
    pytest.param(
        V(codec="hevc", dv_profile=7), "x.mkv", dv(7, K.HDR10), id="dv_p7_is_hdr10_by_spec"
    ),
    pytest.param(
        V(codec="hevc", profile="dvhe.05.06"),
        "x.mkv",
        dv(5, None),
        id="dv_profile_from_mediainfo_codec_string",
    ),
    pytest.param(
        uhd(dv_profile=8, hdr10_plus=True, dv_bl_compat_id=1),
        "x.mkv",
        dv(8, K.HDR10_PLUS),
        id="dv_p8_with_hdr10plus_metadata_falls_back_to_hdr10plus",
    ),
    # Jellyfin VideoRangeType: the DV-aware vocabulary.
    pytest.param(
        uhd(range_label="DOVIWithHDR10", dv_profile=8, dv_bl_compat_id=1),
        "x.mkv",
        dv(8, K.HDR10),
        id="jellyfin_dovi_with_hdr10",
    ),
    pytest.param(
        uhd(range_label="DOVI"),
        f"{P} [WEBDL-2160p][DV HDR10][h265].mkv",
        dv(None, None),
        id="jellyfin_dovi_alone_means_no_fallback_even_if_name_says_hdr10",
    ),
    pytest.param(
        uhd(range_label="DOVIWithHDR10Plus"),
        "x.mkv",
        dv(None, K.HDR10_PLUS),
        id="jellyfin_dovi_with_hdr10plus",
    ),
    pytest.param(
        V(range_label="DOVIWithSDR"), "x.mkv", dv(None, K.SDR), id="jellyfin_dovi_with_sdr"
    ),
    pytest.param(
        V(range_label="DOVIWithHLG"), "x.mkv", dv(None, K.HLG), id="jellyfin_dovi_with_hlg"
    ),
    pytest.param(
        uhd(range_label="DOVIWithEL", dv_profile=7, dv_bl_compat_id=6),
        "x.mkv",
        dv(7, K.HDR10),
        id="jellyfin_dovi_with_el_profile_7",
    ),
    pytest.param(
        V(range_label="DOVIWithELHDR10Plus"),
        "x.mkv",
        dv(None, K.HDR10_PLUS),
        id="jellyfin_dovi_with_el_hdr10plus",
    ),
    pytest.param(
        uhd(range_label="DOVIInvalid"),
        "x.mkv",
        plain(K.HDR10),
        id="jellyfin_dovi_invalid_reads_the_base_layer",
    ),
    pytest.param(V(range_label="HDR10Plus"), "x.mkv", plain(K.HDR10_PLUS), id="jellyfin_hdr10plus"),
    pytest.param(
        uhd(range_label="HDR10"),
        f"{P} [Remux-2160p][DV HDR10][h265].mkv",
        plain(K.HDR10),
        id="jellyfin_hdr10_beats_dv_in_name",
    ),
    pytest.param(
        uhd(range_label="HDR10"),
        "Movie.2020.2160p.BluRay.HDR10+.x265-GRP.mkv",
        plain(K.HDR10),
        id="jellyfin_hdr10_beats_hdr10plus_in_name",
    ),
    pytest.param(
        uhd(range_label="Unknown"),
        "x.mkv",
        plain(K.HDR10),
        id="jellyfin_unknown_label_falls_to_transfer",
    ),
    pytest.param(
        V(range_label="HDR", color_transfer="arib-std-b67"),
        "x.mkv",
        plain(K.HLG),
        id="jellyfin_coarse_hdr_range_resolved_by_hlg_transfer",
    ),
    pytest.param(
        V(range_label="SDR", color_transfer="bt709"),
        "Movie.2020.1080p.WEB-DL.HDR.H.264-GRP.mkv",
        plain(K.SDR),
        id="jellyfin_sdr_beats_hdr_in_name",
    ),
    pytest.param(
        uhd(hdr10_plus=True),
        "x.mkv",
        plain(K.HDR10_PLUS),
        id="jellyfin_hdr10plus_present_flag",
    ),
    # Plex display titles when the DOVI fields are missing.
    pytest.param(
        uhd(title="4K DoVi/HDR10 (HEVC Main 10)"),
        "x.mkv",
        dv(None, K.HDR10),
        id="plex_display_title_dovi_hdr10",
    ),
    pytest.param(
        uhd(title="4K HDR10+ (HEVC Main 10)"),
        "x.mkv",
        plain(K.HDR10_PLUS),
        id="plex_display_title_hdr10plus",
    ),
    pytest.param(
        V(codec="h264", color_transfer="bt709", title="1080p (H264 High)"),
        "x.mkv",
        plain(K.SDR),
        id="plex_sdr_title_without_range_word_uses_transfer",
    ),
    # Emby labels (no DV fields in its payload) and bare probes: the name may refine.
    pytest.param(
        uhd(range_label="Dolby Vision"),
        f"{P} [WEBDL-2160p][DoVi HDR10][EAC3 Atmos 5.1][h265].mkv",
        dv(None, K.HDR10, E.STREAM_AND_FILENAME),
        id="emby_dolby_vision_fallback_filled_from_name",
    ),
    pytest.param(
        uhd(range_label="Dolby Vision"),
        f"{P} [WEBDL-2160p][DV][EAC3 5.1][h265].mkv",
        dv(None, None),
        id="emby_dolby_vision_p5_name_promises_no_fallback",
    ),
    pytest.param(
        uhd(range_label="HDR 10"),
        f"{P} [Remux-2160p][DV HDR10][TrueHD Atmos 7.1][h265].mkv",
        dv(None, K.HDR10, E.STREAM_AND_FILENAME),
        id="emby_hdr10_with_dv_name_is_dv",
    ),
    pytest.param(
        uhd(),
        "Movie.2021.2160p.WEB-DL.DV.H.265-GRP.mkv",
        dv(None, None, E.STREAM_AND_FILENAME),
        id="pq_stream_with_bare_dv_name_promises_no_fallback",
    ),
    pytest.param(
        uhd(),
        "Movie.2021.2160p.WEB-DL.HDR10+.H.265-GRP.mkv",
        plain(K.HDR10_PLUS, E.STREAM_AND_FILENAME),
        id="hdr10plus_in_name_upgrades_plain_hdr10_stream",
    ),
    pytest.param(
        uhd(hdr10_plus=False),
        "Movie.2021.2160p.WEB-DL.HDR10+.H.265-GRP.mkv",
        plain(K.HDR10),
        id="hdr10plus_flag_false_keeps_hdr10",
    ),
    pytest.param(
        uhd(),
        "Movie.2021.2160p.WEB-DL.DV.HLG.H.265-GRP.mkv",
        dv(None, None, E.STREAM_AND_FILENAME),
        id="dv_name_cannot_claim_an_hlg_base_on_a_pq_stream",
    ),
    pytest.param(
        uhd(hdr10_plus=True),
        "Movie.2021.2160p.WEB-DL.DV.H.265-GRP.mkv",
        dv(None, K.HDR10_PLUS, E.STREAM_AND_FILENAME),
        id="hdr10plus_stream_with_dv_name_keeps_hdr10plus_fallback",
    ),
    pytest.param(
        V(color_transfer="bt709"),
        "Movie.2020.2160p.WEB-DL.HDR.H.265-GRP.mkv",
        plain(K.SDR),
        id="sdr_stream_beats_hdr_name",
    ),
    pytest.param(
        V(color_transfer="bt709"),
        "Movie.2020.2160p.WEB-DL.DV.H.265-GRP.mkv",
        plain(K.SDR),
        id="sdr_stream_beats_dv_name",
    ),
    pytest.param(
        V(color_transfer="arib-std-b67"),
        "Movie.2020.2160p.HDTV.HDR10.H.265-GRP.mkv",
        plain(K.HLG),
        id="hlg_stream_beats_hdr10_name",
    ),
    pytest.param(
        uhd(),
        "Movie.2020.2160p.HDTV.HLG.H.265-GRP.mkv",
        plain(K.HDR10),
        id="pq_stream_beats_hlg_name",
    ),
    # Filename only.
    pytest.param(
        None,
        "Movie.2021.2160p.WEB-DL.DoVi.H.265-GRP.mkv",
        dv(None, None, E.FILENAME),
        id="dovi_in_filename_only",
    ),
    pytest.param(
        None,
        "Movie 2021 2160p UHD BluRay DOVI HDR10 x265.mkv",
        dv(None, K.HDR10, E.FILENAME),
        id="dovi_upper_with_hdr10_in_filename",
    ),
    pytest.param(
        None,
        "Movie.2021.2160p.Dolby.Vision.HDR.H.265.mkv",
        dv(None, K.HDR10, E.FILENAME),
        id="dolby_vision_spelled_out_with_bare_hdr",
    ),
    pytest.param(
        None,
        "Movie.2021.2160p.WEB-DL.DV.HDR10+.H.265-GRP.mkv",
        dv(None, K.HDR10_PLUS, E.FILENAME),
        id="dv_with_hdr10plus_in_filename",
    ),
    pytest.param(
        None,
        f"{P} [Bluray-2160p][HDR10Plus][DTS-X 7.1][x265]-GRP.mkv",
        plain(K.HDR10_PLUS, E.FILENAME),
        id="hdr10plus_spelled_out",
    ),
    pytest.param(
        None,
        "Movie.2021.2160p.WEB-DL.HDR10P.H.265.mkv",
        plain(K.HDR10_PLUS, E.FILENAME),
        id="hdr10p_abbreviation",
    ),
    pytest.param(
        None,
        "Movie 2021 2160p HDR 10 + WEB-DL.mkv",
        plain(K.HDR10_PLUS, E.FILENAME),
        id="hdr10plus_with_spaces",
    ),
    pytest.param(None, "Movie.2021.2160p.HDR.10.mkv", plain(K.HDR10, E.FILENAME), id="hdr_dot_10"),
    pytest.param(None, "Show.S01E01.2160p.HLG.mkv", plain(K.HLG, E.FILENAME), id="hlg_in_filename"),
    pytest.param(
        None, "Movie.2160p.PQ.x265.mkv", plain(K.HDR10, E.FILENAME), id="pq_token_is_hdr10"
    ),
    pytest.param(
        None, "Movie.1999.DVDRip.XviD-GRP.avi", DynamicRange(K.UNKNOWN), id="dvd_is_not_dv"
    ),
    pytest.param(
        None,
        "Movie.2009.1080p.HD-DVD.Remux.DVD9.mkv",
        DynamicRange(K.UNKNOWN),
        id="hd_dvd_and_dvd9_are_not_dv",
    ),
    pytest.param(
        None,
        "The.DV.Tapes.2019.1080p.BluRay.x264-GRP.mkv",
        DynamicRange(K.UNKNOWN),
        id="dv_title_word_before_release_tail_ignored",
    ),
    pytest.param(
        None,
        "HDR.Dreams.2020.1080p.WEB-DL.x264-GRP.mkv",
        DynamicRange(K.UNKNOWN),
        id="hdr_title_word_before_release_tail_ignored",
    ),
    pytest.param(
        None, "Movie.2019.HDRip.XviD-GRP.avi", DynamicRange(K.UNKNOWN), id="hdrip_is_not_hdr"
    ),
    pytest.param(
        None,
        "Movie.2019.1080p.BluRay.x264-GRP.mkv",
        DynamicRange(K.UNKNOWN),
        id="no_range_token_is_unknown_not_sdr",
    ),
    pytest.param(
        V(codec="h264", width=1920, height=1080),
        "Movie.mkv",
        DynamicRange(K.UNKNOWN),
        id="nothing_says_anything",
    ),
    pytest.param(
        V(color_transfer="unknown"),
        "Movie.2021.2160p.WEB-DL.HDR10.mkv",
        plain(K.HDR10, E.FILENAME),
        id="unknown_transfer_is_no_evidence",
    ),
    pytest.param(
        None,
        "D:\\Movies\\DV Collection\\Movie.2020.2160p.HDR10.mkv",
        plain(K.HDR10, E.FILENAME),
        id="windows_path_folder_tokens_ignored",
    ),
]


@pytest.mark.parametrize(("video", "filename", "expected"), RANGE_CASES)
def test_dynamic_range_follows_the_rule_table(
    video: VideoInfo | None, filename: str, expected: DynamicRange
) -> None:
    assert classify_dynamic_range(video, filename) == expected


@pytest.mark.parametrize(
    ("result", "fallback"),
    [
        (dv(7, K.HDR10), True),
        (dv(8, K.HDR10_PLUS), True),
        (dv(8, K.HLG), False),
        (dv(5, None), False),
        (plain(K.HDR10), False),
    ],
)
def test_hdr10_fallback_only_for_dv_with_hdr10_base(result: DynamicRange, fallback: bool) -> None:
    assert result.hdr10_fallback is fallback


# --- audio --------------------------------------------------------------------------------


def profile(
    fmt: F, layout: str | None, source: E = E.STREAM, track: int | None = 0
) -> AudioProfile:
    return AudioProfile(fmt, layout, source, track)


AUDIO_CASES = [
    pytest.param(
        [A("truehd", None, 8, "eng", "English (TRUEHD Atmos 7.1)", default=True)],
        "x.mkv",
        profile(F.ATMOS_TRUEHD, "7.1"),
        id="plex_truehd_atmos",
    ),
    pytest.param(
        [A("eac3", None, 6, "eng", "English - EAC3 - Atmos - 5.1 - Default")],
        "x.mkv",
        profile(F.ATMOS_EAC3, "5.1"),
        id="jellyfin_eac3_atmos",
    ),
    pytest.param(
        [A("eac3", "Dolby Digital Plus + Dolby Atmos", 6)],
        "x.mkv",
        profile(F.ATMOS_EAC3, "5.1"),
        id="ffprobe_eac3_atmos_profile",
    ),
    pytest.param(
        [A("truehd", "Dolby TrueHD + Dolby Atmos", 8)],
        "x.mkv",
        profile(F.ATMOS_TRUEHD, "7.1"),
        id="ffprobe_truehd_atmos_profile",
    ),
    pytest.param(
        [A("truehd", None, 8, "eng", "English (TRUEHD 7.1)")],
        "x.mkv",
        profile(F.TRUEHD, "7.1"),
        id="truehd_without_atmos",
    ),
    pytest.param(
        [A("dts", "DTS-HD MA", 8, "eng", "DTS:X 7.1")],
        "x.mkv",
        profile(F.DTS_X, "7.1"),
        id="dts_hd_ma_vs_dtsx",
    ),
    pytest.param(
        [A("dts", "DTS-HD MA", 8, "eng", "English DTS-X 7.1")],
        "x.mkv",
        profile(F.DTS_X, "7.1"),
        id="dts_hd_ma_with_dts_dash_x_title",
    ),
    pytest.param(
        [A("dca", "ma", 8, "eng", "English (DTS-HD MA 7.1)")],
        "x.mkv",
        profile(F.DTS_HD_MA, "7.1"),
        id="plex_dca_ma",
    ),
    pytest.param(
        [A("dca", "dts:x", 8, "eng", "English (DTS:X 7.1)")],
        "x.mkv",
        profile(F.DTS_X, "7.1"),
        id="plex_dca_dtsx",
    ),
    pytest.param(
        [A("dts", "DTS-HD MA + DTS:X", 8)],
        "x.mkv",
        profile(F.DTS_X, "7.1"),
        id="ffprobe_dts_hd_ma_plus_dtsx",
    ),
    pytest.param(
        [A("dts", "DTSX", 8)], "x.mkv", profile(F.DTS_X, "7.1"), id="jellyfin_spatial_dtsx"
    ),
    pytest.param(
        [A("dts", "DTS-HD HRA", 6)], "x.mkv", profile(F.DTS_HD_HRA, "5.1"), id="dts_hd_hra"
    ),
    pytest.param([A("dca", "hra", 6)], "x.mkv", profile(F.DTS_HD_HRA, "5.1"), id="plex_dca_hra"),
    pytest.param([A("dts", "DTS-ES", 7)], "x.mkv", profile(F.DTS, "6.1"), id="dts_es_is_core"),
    pytest.param([A("dts", "DTS", 6)], "x.mkv", profile(F.DTS, "5.1"), id="plain_dts"),
    pytest.param([A("ac3", None, 6)], "x.mkv", profile(F.AC3, "5.1"), id="ac3_5_1"),
    pytest.param([A("aac", "lc", 2)], "x.mkv", profile(F.AAC, "2.0"), id="aac_stereo"),
    pytest.param([A("flac", None, 2)], "x.mkv", profile(F.FLAC, "2.0"), id="flac"),
    pytest.param([A("pcm_s24le", None, 6)], "x.mkv", profile(F.PCM, "5.1"), id="pcm_s24le"),
    pytest.param([A("opus", None, 2)], "x.mkv", profile(F.OPUS, "2.0"), id="opus"),
    pytest.param([A("mp3", None, 2)], "x.mkv", profile(F.OTHER, "2.0"), id="mp3_is_other"),
    pytest.param(
        [A("ac3", None, 6, "eng", "Atmos mix")],
        "x.mkv",
        profile(F.AC3, "5.1"),
        id="atmos_word_on_ac3_is_a_mislabel",
    ),
    pytest.param(
        [A("ac3", None, 6, default=True), A("truehd", None, 8, title="TrueHD Atmos 7.1")],
        "x.mkv",
        profile(F.ATMOS_TRUEHD, "7.1", track=1),
        id="best_track_not_first_track",
    ),
    pytest.param(
        [A("truehd", None, 8), A("eac3", None, 6, title="DDP 5.1 Atmos")],
        "x.mkv",
        profile(F.ATMOS_EAC3, "5.1", track=1),
        id="eac3_atmos_outranks_plain_truehd",
    ),
    pytest.param(
        [A("dts", "DTS-HD MA", 8), A("ac3", None, 2, title="Commentary")],
        "x.mkv",
        profile(F.DTS_HD_MA, "7.1"),
        id="commentary_track_loses",
    ),
    pytest.param(
        [A("aac", None, 2), A("aac", None, 6)],
        "x.mkv",
        profile(F.AAC, "5.1", track=1),
        id="more_channels_break_a_format_tie",
    ),
    pytest.param(
        [A("ac3", None, 6), A("ac3", None, 6, default=True)],
        "x.mkv",
        profile(F.AC3, "5.1", track=1),
        id="default_flag_breaks_a_full_tie",
    ),
    pytest.param(
        [A(None, None, None, "eng", "TrueHD Atmos 7.1")],
        "x.mkv",
        profile(F.ATMOS_TRUEHD, "7.1"),
        id="codec_missing_title_names_format",
    ),
    pytest.param(
        [A("eac3", None, None, "eng", "English (EAC3 5.1)")],
        "x.mkv",
        profile(F.EAC3, "5.1"),
        id="layout_from_title_when_channels_missing",
    ),
    pytest.param(
        [A("aac", None, None, "eng", "English (AAC Stereo)")],
        "x.mkv",
        profile(F.AAC, "2.0"),
        id="plex_stereo_word_is_2_0",
    ),
    # The name refines a stream core with the layer older probes cannot see.
    pytest.param(
        [A("truehd", None, 8)],
        "Movie.2020.2160p.BluRay.REMUX.TrueHD.7.1.Atmos-GRP.mkv",
        profile(F.ATMOS_TRUEHD, "7.1", E.STREAM_AND_FILENAME),
        id="truehd_stream_atmos_name",
    ),
    pytest.param(
        [A("eac3", None, 6)],
        "Movie.2020.2160p.WEB-DL.DDP5.1.Atmos.DV.H.265-GRP.mkv",
        profile(F.ATMOS_EAC3, "5.1", E.STREAM_AND_FILENAME),
        id="eac3_stream_ddp_atmos_name",
    ),
    pytest.param(
        [A("dts", "DTS-HD MA", 8)],
        f"{P} [Bluray-2160p][HDR10][DTS-X 7.1][x265]-GRP.mkv",
        profile(F.DTS_X, "7.1", E.STREAM_AND_FILENAME),
        id="dts_hd_ma_stream_dtsx_name",
    ),
    pytest.param(
        [A("ac3", None, 6)],
        "Movie.2020.1080p.BluRay.TrueHD.7.1.Atmos-GRP.mkv",
        profile(F.AC3, "5.1"),
        id="ac3_stream_beats_truehd_name",
    ),
    pytest.param(
        [A("dts", "DTS", 6)],
        "Movie.2020.1080p.BluRay.DTS-X.7.1-GRP.mkv",
        profile(F.DTS, "5.1"),
        id="dts_core_stream_not_upgraded_to_dtsx",
    ),
    pytest.param(
        [A("mp3", None, 2)],
        "Movie.2020.1080p.BluRay.TrueHD-GRP.mkv",
        profile(F.OTHER, "2.0"),
        id="other_codec_stream_beats_name",
    ),
    pytest.param(
        [A("eac3")],
        "Movie.2020.1080p.WEB-DL.DDP5.1.H.264-GRP.mkv",
        profile(F.EAC3, "5.1", E.STREAM_AND_FILENAME),
        id="layout_from_name_when_stream_has_none",
    ),
    # Filename only.
    pytest.param(
        [],
        "Movie.2020.2160p.BluRay.REMUX.TrueHD.7.1.Atmos-GRP.mkv",
        profile(F.ATMOS_TRUEHD, "7.1", E.FILENAME, None),
        id="filename_truehd_layout_atmos",
    ),
    pytest.param(
        [],
        "Movie.2020.2160p.BluRay.Atmos.TrueHD.7.1-GRP.mkv",
        profile(F.ATMOS_TRUEHD, "7.1", E.FILENAME, None),
        id="filename_atmos_before_truehd",
    ),
    pytest.param(
        [A()],
        "Movie.2020.2160p.WEB-DL.DD+.5.1.Atmos-GRP.mkv",
        profile(F.ATMOS_EAC3, "5.1", E.FILENAME, None),
        id="filename_dd_plus_atmos_when_tracks_say_nothing",
    ),
    pytest.param(
        [],
        "Movie.2020.2160p.BluRay.DTS.X.7.1-GRP.mkv",
        profile(F.DTS_X, "7.1", E.FILENAME, None),
        id="filename_dts_dot_x",
    ),
    pytest.param(
        [],
        "Movie.2020.1080p.BluRay.DTS.x264-GRP.mkv",
        profile(F.DTS, None, E.FILENAME, None),
        id="filename_dts_x264_is_not_dtsx",
    ),
    pytest.param(
        [],
        "Movie.2020.1080p.BluRay.DTS-HD.MA.5.1.x264-GRP.mkv",
        profile(F.DTS_HD_MA, "5.1", E.FILENAME, None),
        id="filename_dts_hd_ma_dotted",
    ),
    pytest.param(
        [],
        "Movie.2020.1080p.BluRay.DTS-HD.5.1.x264-GRP.mkv",
        profile(F.DTS, "5.1", E.FILENAME, None),
        id="filename_bare_dts_hd_is_core_only",
    ),
    pytest.param(
        [],
        "Movie.2020.1080p.WEB-DL.DD5.1.H.264-GRP.mkv",
        profile(F.AC3, "5.1", E.FILENAME, None),
        id="filename_dd5_1_is_ac3",
    ),
    pytest.param(
        [],
        "Movie.2020.2160p.WEB-DL.Atmos.H.265-GRP.mkv",
        profile(F.ATMOS, None, E.FILENAME, None),
        id="filename_atmos_without_carrier",
    ),
    pytest.param(
        [],
        "Mr.Hollands.Opus.1995.1080p.WEB.Opus.x265-GRP.mkv",
        profile(F.UNKNOWN, None, E.NONE, None),
        id="filename_opus_without_layout_is_a_word",
    ),
    pytest.param(
        [],
        "Movie.2020.1080p.WEB.Opus.5.1.x265-GRP.mkv",
        profile(F.OPUS, "5.1", E.FILENAME, None),
        id="filename_opus_with_layout",
    ),
    pytest.param(
        [], "Movie.mkv", profile(F.UNKNOWN, None, E.NONE, None), id="nothing_says_anything"
    ),
]


@pytest.mark.parametrize(("tracks", "filename", "expected"), AUDIO_CASES)
def test_audio_profile_follows_the_rule_table(
    tracks: list[AudioInfo], filename: str, expected: AudioProfile
) -> None:
    assert classify_audio(tracks, filename) == expected


def test_audio_label_joins_format_and_layout() -> None:
    assert AudioProfile(F.ATMOS_TRUEHD, "7.1").label == "Atmos (TrueHD) 7.1"
    assert AudioProfile(F.UNKNOWN).label == "unknown"


def test_every_audio_format_is_ranked() -> None:
    assert set(AUDIO_RANK) == set(AudioFormat)


# --- resolution ---------------------------------------------------------------------------

RESOLUTION_CASES = [
    pytest.param(V(width=1920, height=800), "x.mkv", "1080p", id="scope_1080p_by_width"),
    pytest.param(V(width=3840, height=1600), "x.mkv", "2160p", id="scope_2160p_by_width"),
    pytest.param(V(width=1440, height=1080), "x.mkv", "1080p", id="pillarbox_4_3_by_height"),
    pytest.param(V(width=2560, height=1072), "x.mkv", "1440p", id="scope_1440p"),
    pytest.param(V(width=1280, height=536), "x.mkv", "720p", id="scope_720p"),
    pytest.param(V(width=720, height=576), "x.mkv", "576p", id="pal_dvd"),
    pytest.param(V(width=720, height=480), "x.mkv", "480p", id="ntsc_dvd"),
    pytest.param(V(width=640, height=360), "x.mkv", "SD", id="below_480p_is_sd"),
    pytest.param(V(width=7680, height=4320), "x.mkv", "4320p", id="8k"),
    pytest.param(V(height=2160), "x.mkv", "2160p", id="height_only"),
    pytest.param(V(width=1920, height=1080), "Movie.2160p.mkv", "1080p", id="frame_beats_name"),
    pytest.param(V(width=0, height=0), "Movie.720p.mkv", "720p", id="zero_frame_is_missing"),
    pytest.param(None, "Movie.2020.2160p.WEB-DL.mkv", "2160p", id="name_2160p"),
    pytest.param(None, "Movie.2020.4K.WEB-DL.mkv", "2160p", id="name_4k"),
    pytest.param(None, "Movie.2020.1080i.HDTV.mkv", "1080p", id="name_1080i"),
    pytest.param(None, "Movie.1999.DVDRip.XviD.avi", "SD", id="name_dvdrip_is_sd"),
    pytest.param(None, "Movie (1999).mkv", "unknown", id="nothing_says_anything"),
]


@pytest.mark.parametrize(("video", "filename", "expected"), RESOLUTION_CASES)
def test_resolution_follows_the_rule_table(
    video: VideoInfo | None, filename: str, expected: str
) -> None:
    assert classify_resolution(video, filename) == expected


# --- the simulators' payloads, read the way an adapter would -------------------------------


def _plex_video(stream: dict[str, Any]) -> VideoInfo:
    return VideoInfo(
        codec=stream["codec"],
        profile=stream["profile"],
        width=stream["width"],
        height=stream["height"],
        color_transfer=stream.get("colorTrc"),
        dv_profile=stream.get("DOVIProfile"),
        dv_bl_compat_id=stream.get("DOVIBLCompatID"),
        title=stream["displayTitle"],
    )


def _plex_audio(stream: dict[str, Any]) -> AudioInfo:
    return AudioInfo(
        codec=stream["codec"],
        profile=stream.get("profile"),
        channels=stream["channels"],
        title=stream["extendedDisplayTitle"],
        default=stream.get("default", False),
    )


def _mb_video(stream: dict[str, Any], flavor: str) -> VideoInfo:
    return VideoInfo(
        codec=stream["Codec"],
        profile=stream["Profile"],
        width=stream["Width"],
        height=stream["Height"],
        color_transfer=stream["ColorTransfer"],
        range_label=stream["VideoRangeType"] if flavor == "jellyfin" else stream["VideoRange"],
        dv_profile=stream.get("DvProfile"),
        dv_bl_compat_id=stream.get("DvBlSignalCompatibilityId"),
        hdr10_plus=stream.get("Hdr10PlusPresentFlag"),
        title=stream["DisplayTitle"],
    )


def _mb_audio(stream: dict[str, Any]) -> AudioInfo:
    return AudioInfo(
        codec=stream["Codec"],
        profile=stream.get("Profile"),
        channels=stream["Channels"],
        title=stream["DisplayTitle"],
        default=stream["IsDefault"],
    )


def _read(server: MediaServer, file: MediaFile) -> tuple[VideoInfo, list[AudioInfo], str]:
    if server.kind == "plex":
        part = media(server, file, streams=True)["Part"][0]
        streams = part["Stream"]
        audio = [_plex_audio(s) for s in streams if s["streamType"] == 2]
        return _plex_video(streams[0]), audio, part["file"]
    raw = media_streams(file, server.kind)
    audio = [_mb_audio(s) for s in raw if s["Type"] == "Audio"]
    return _mb_video(raw[0], server.kind), audio, server.server_path(file.path)


def _expected_format(track: AudioStream) -> AudioFormat:
    if track.atmos:
        return F.ATMOS_TRUEHD if track.codec == "truehd" else F.ATMOS_EAC3
    by_profile = {"DTS:X": F.DTS_X, "DTS-HD MA": F.DTS_HD_MA, "DTS": F.DTS}
    by_codec = {"truehd": F.TRUEHD, "eac3": F.EAC3, "ac3": F.AC3, "aac": F.AAC}
    return by_profile[track.profile] if track.profile else by_codec[track.codec]


def _sim_files() -> Iterator[MediaFile]:
    world = generate_world()
    yield from (m.file for m in world.movies if m.file is not None)
    for show in world.shows:
        yield from (e.file for e in show.episodes() if e.file is not None)


@pytest.mark.parametrize("vendor", ["plex", "jellyfin", "emby"])
def test_simulator_payloads_classify_as_the_world_encoded_them(vendor: str) -> None:
    server = next(s for s in generate_world().servers if s.kind == vendor)
    files = list(_sim_files())
    assert {f.video.dynamic_range for f in files} >= {"DV", "HDR10", "SDR"}
    for file in files:
        video, audio, path = _read(server, file)
        truth = file.video
        rng = classify_dynamic_range(video, path)
        if truth.dynamic_range == "DV":
            fallback = None
            if truth.dv_hdr10_compatible:
                fallback = K.HDR10_PLUS if truth.hdr10_plus else K.HDR10
            profile_seen = None if vendor == "emby" else truth.dv_profile
            assert (rng.kind, rng.dv_profile, rng.fallback) == (K.DV, profile_seen, fallback), path
            assert rng.hdr10_fallback is truth.dv_hdr10_compatible
        else:
            assert rng.kind == truth.dynamic_range, path
        default = next(a for a in file.audio if a.default)
        result = classify_audio(audio, path)
        assert result.format is _expected_format(default), path
        assert result.layout == {2: "2.0", 6: "5.1", 8: "7.1"}[default.channels]
        assert classify_resolution(video, path) == f"{truth.height}p"


# --- the rule table is documented ----------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "media-analysis.md"


@pytest.mark.parametrize(
    "term",
    [*(k.value for k in RangeKind), *(f.value for f in AudioFormat), *JELLYFIN_RANGE_TYPES],
)
def test_every_class_and_vendor_label_is_documented(term: str) -> None:
    assert f"`{term}`" in DOC.read_text(encoding="utf-8")
