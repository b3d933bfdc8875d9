"""Decode any recording the app receives into 16 kHz mono float32 samples for Whisper.

PyAV bundles FFmpeg (it comes with faster-whisper), so no system ffmpeg is needed. Input is
checked before any decoding (size), then while decoding (length), so a huge or endless file
costs little. Every problem becomes one `AudioError` with a one-line message.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

SAMPLE_RATE = 16_000
MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 15 * 60

# FFmpeg demuxer names -> the short name users know.
_FORMAT_NAMES = {
    "wav": "wav",
    "mp3": "mp3",
    "ogg": "ogg",
    "matroska,webm": "webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "flac": "flac",
    "aac": "aac",
}


class AudioError(ValueError):
    """The recording cannot be used: empty, corrupt, not audio, too long or too large."""


@dataclass
class DecodedAudio:
    samples: np.ndarray   # float32, 16 kHz, mono, in [-1, 1]
    duration_s: float
    format: str           # "wav", "mp3", "ogg", "webm", "m4a", ... (FFmpeg's name otherwise)


def read_bytes(audio: Any) -> bytes:
    """The raw bytes of `audio` (bytes, a path, or a binary file object), size-checked first."""
    if isinstance(audio, (bytes, bytearray, memoryview)):
        data = bytes(audio)
    elif isinstance(audio, (str, os.PathLike)):
        path = Path(audio)
        if not path.is_file():
            raise AudioError(f"Recording not found: {path}")
        _check_size(path.stat().st_size)
        data = path.read_bytes()
    elif isinstance(audio, io.BytesIO):
        # st.audio_input / st.file_uploader give an UploadedFile (a BytesIO subclass); take the
        # whole buffer whatever its read position.
        data = audio.getvalue()
    elif hasattr(audio, "read"):
        data = _read_file_object(audio)
    else:
        raise AudioError(f"Expected audio as bytes, a file path or a file object, got {type(audio).__name__}.")
    _check_size(len(data))
    if not data:
        raise AudioError("The recording is empty (0 bytes).")
    return data


def _read_file_object(fileobj: BinaryIO) -> bytes:
    if fileobj.seekable():
        fileobj.seek(0, io.SEEK_END)
        _check_size(fileobj.tell())
        fileobj.seek(0)
    data = fileobj.read(MAX_BYTES + 1)  # never read more than one byte past the limit
    if isinstance(data, str):
        raise AudioError("Expected a binary file object (opened with 'rb'), got a text file.")
    return bytes(data)


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise AudioError(f"The recording is too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB).")


def load_audio(audio: Any) -> DecodedAudio:
    """Decode `audio` into 16 kHz mono float32 samples. Raises `AudioError`."""
    import av  # 0.1 s import; only when there is audio to decode

    data = read_bytes(audio)
    _check_wav_complete(data)
    _check_ogg_complete(data)
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as err:
        raise AudioError(f"This file is not audio, or it is corrupt or truncated ({_reason(err)}).") from err
    with container:
        streams = container.streams.audio
        if not streams:
            raise AudioError("This file holds no audio track.")
        stream = streams[0]
        fmt = _FORMAT_NAMES.get(container.format.name, container.format.name)
        declared = _declared_seconds(container, stream)
        if declared is not None and declared > MAX_SECONDS:
            raise AudioError(f"The recording is too long ({declared / 60:.0f} min; the limit is {MAX_SECONDS // 60} min).")
        samples = _decode(container, stream, fmt)
    duration = samples.size / SAMPLE_RATE
    # A file cut short (interrupted upload, partial copy) decodes up to the cut without an error;
    # its header still promises the full length.
    if declared is not None and declared > 1.0 and duration < 0.9 * declared - 0.25:
        raise AudioError(
            f"The {fmt} recording is truncated: its header says {declared:.1f} s but only {duration:.1f} s could be read."
        )
    return DecodedAudio(samples=samples, duration_s=duration, format=fmt)


def _check_wav_complete(data: bytes) -> None:
    """Refuse a WAV whose data chunk is shorter than its header says.

    FFmpeg quietly trims a WAV's duration to the bytes present, so a cut-off upload would look
    like a complete, shorter answer.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return
    pos, byte_rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        if chunk == b"fmt " and pos + 20 <= len(data):
            byte_rate = int.from_bytes(data[pos + 16:pos + 20], "little")
        if chunk == b"data":
            # Streaming writers put 0 or 0xFFFFFFFF here when they never learn the length.
            present = len(data) - pos - 8
            if 0 < size < 0xFFFFFFFF and present < 0.99 * size and byte_rate:
                raise AudioError(
                    f"The wav recording is truncated: its header says {size / byte_rate:.1f} s "
                    f"but the file holds only {present / byte_rate:.1f} s."
                )
            return
        pos += 8 + size + (size & 1)  # chunks are padded to an even length


def _check_ogg_complete(data: bytes) -> None:
    """Refuse an Ogg file that stops before its end-of-stream page.

    Ogg declares no length up front; a finished recording ends with a page flagged
    end-of-stream, a cut-off one does not.
    """
    if data[:4] != b"OggS":
        return
    last = data.rfind(b"OggS")
    header_type = data[last + 5] if last + 5 < len(data) else 0
    if not header_type & 0x04:
        raise AudioError("The ogg recording is truncated: it ends before its end-of-stream marker.")


def _decode(container: Any, stream: Any, fmt: str) -> np.ndarray:
    import av

    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    total = 0
    limit = MAX_SECONDS * SAMPLE_RATE
    try:
        for frame in container.decode(stream):
            frame.pts = None  # let the resampler re-time frames (webm from browsers has odd pts)
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += chunk.size
            if total > limit:  # no trustworthy duration in the header (e.g. browser webm)
                raise AudioError(f"The recording is too long (over {MAX_SECONDS // 60} min).")
        for out in resampler.resample(None):  # flush
            chunks.append(out.to_ndarray().reshape(-1))
    except av.FFmpegError as err:
        if not chunks:
            raise AudioError(f"The {fmt} file is corrupt and holds no decodable audio: {_reason(err)}") from err
        raise AudioError(f"The {fmt} recording is corrupt or truncated: {_reason(err)}") from err
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks).astype(np.float32, copy=False)


def _declared_seconds(container: Any, stream: Any) -> float | None:
    """The length the file's header claims, or None (Chromium's MediaRecorder webm has none)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000  # AV_TIME_BASE
    return None


def _reason(err: Exception) -> str:
    # FFmpeg errors carry errno, message and a filename ("<none>" for memory); keep the message.
    msg = getattr(err, "strerror", None) or str(err)
    return str(msg).strip().rstrip(".").splitlines()[0] if msg else type(err).__name__


# --- a quick look before anything is stored -------------------------------------------------------

_OTHER_KINDS = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"{\\rtf", "an RTF document"), (b"\x7fELF", "a program"), (b"MZ", "a program"),
)
_PROBE_PACKETS = 200


def probe_audio(audio: Any) -> str:
    """Check quickly that `audio` is a recording PyAV can decode; returns its format ("wav", "webm", ...).

    Opens the container and decodes its first packets only (milliseconds, whatever the length),
    so a file can be refused before it is stored. Raises `AudioError` whose message is a short
    plain reason: "the file is empty", "it is a text file", "it holds no sound", ...
    """
    import av

    data = bytes(audio) if isinstance(audio, (bytes, bytearray, memoryview)) else read_bytes(audio)
    if not data:
        raise AudioError("the file is empty (0 bytes)")
    _check_size(len(data))
    looks_like = _looks_like(data)
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError):
        raise AudioError(looks_like or "its contents are not audio") from None
    with container:
        if not container.streams.audio:
            raise AudioError(looks_like or "it holds no sound")
        stream = container.streams.audio[0]
        fmt = _FORMAT_NAMES.get(container.format.name, container.format.name)
        try:
            for n, packet in enumerate(container.demux(stream)):
                if packet.size and packet.decode():
                    return fmt
                if n >= _PROBE_PACKETS:
                    break
        except av.FFmpegError:
            pass
    raise AudioError(looks_like or f"the {fmt} file holds no sound that can be played")


def _looks_like(data: bytes) -> str | None:
    """What a non-audio file seems to be, in words a user knows (None if it is not obvious)."""
    for signature, kind in _OTHER_KINDS:
        if data.startswith(signature):
            return f"it is {kind}"
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as err:
        text = head[:err.start].decode("utf-8") if err.start > len(head) - 4 else None
    if text is not None and text.strip() and sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * len(text):
        return "it is a text file"
    return None
