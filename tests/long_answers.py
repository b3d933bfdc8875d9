"""Long spoken answers (45-180 s) for tests and benchmarks, built once and cached, never committed.

Short clips hid a real defect: a 63 s answer recorded at 16 kHz lost 40 of its 166 words in one
segment. So transcription is also measured on answers as long as real ones, delivered the way a
browser delivers them: recorded at the device's rate (8, 22.05, 44.1 or 48 kHz) and resampled to
16 kHz mono WAV, as `st.audio_input(sample_rate=16000)` hands them over.

Two kinds:
- espeak-ng answers: interview answers in the STAR shape (one of them the pharmacy technician's
  answer from the bug report), in several voices and at several speaking rates;
- real answers: the real human clips of tests/clips.py (a LibriVox reader, JFK, card names,
  "go forward ten meters") joined with natural pauses into answers of about a minute.

Everything is written under tests.clips.cache_root()/long-answers-v1 (override the root with
CALLBACK_TEST_CLIPS); `reference_text` is what was said.
"""
from __future__ import annotations

import io
import os
import random
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.clips import cache_root, real_clips, wav_bytes

SAMPLE_RATE = 16_000
CACHE_VERSION = "long-answers-v1"

# The pharmacy technician's answer: the words the bug report lost are in its Situation and Task.
PHARMACY = (
    "Sure. Umm, so in my last role I was a pharmacy technician at a busy regional hospital. "
    "One evening the oncology unit sent us a STAT order for a chemotherapy infusion while the "
    "Omnicell cabinet on the floor showed a discrepancy in the count, and, uh, the pharmacist on "
    "duty was already tied up with a code. My task was to get the chemo dose prepared safely "
    "within 30 minutes without cutting any corners. So first I flagged the discrepancy to the "
    "charge nurse and documented it, so nobody would pull from that drawer. Then I pulled the "
    "order, checked the patient's weight and the dose against the protocol, and set up the hood. "
    "I prepared the infusion with a second technician watching each step, and, you know, we "
    "checked the labels and the lot numbers together. The pharmacist verified it in about five "
    "minutes when she got back. The dose went up to the floor in twenty six minutes, the patient "
    "started on time, and the next morning we traced the Omnicell discrepancy to a restock error, "
    "which we fixed with a new checklist."
)

ANSWERS = {
    "pharmacy": PHARMACY,
    "billing": (
        "In my last role I led the migration of our billing system to a new platform. The old "
        "system was slow and customers often received the wrong invoices, so the finance team "
        "asked me to find a better way. I started by interviewing the people who used it every "
        "day, and I wrote down the problems they described. Then I built a plan with three stages "
        "and shared it with my manager and the support team. During the first stage we moved the "
        "smallest customers, which let us test the process without much risk. We found two "
        "serious bugs and fixed them before the second stage. By the end of the project, billing "
        "errors fell by half and the support team spent less time answering complaints. What I "
        "learned is that talking to the users first saves a lot of time later."
    ),
    "warehouse": (
        "Umm, a good example is from the warehouse where I was a shift supervisor. We were "
        "missing our shipping deadline almost every Friday, and the regional manager asked me to "
        "fix it before the holiday season. My task was to find out why the trucks left late and "
        "to get them out on time without adding overtime. I spent two weeks timing each step of "
        "the picking process, and I found that most of the delay came from one aisle where the "
        "fast moving items were stored at the very back. So I worked with the inventory team to "
        "move those items next to the packing stations, and I changed the break schedule so that "
        "the busiest hour was always fully staffed. I also started a short meeting at the start "
        "of each shift to go over the orders. Within a month the trucks left on time on every "
        "Friday, and we shipped the whole holiday season with no late orders."
    ),
    "conflict": (
        "So, uh, this was when I worked as a marketing coordinator for a software company. Our "
        "designer and our product manager disagreed about the launch campaign, and the argument "
        "had stalled the work for a week. I was responsible for the launch date, so I needed "
        "them to agree on one plan. I met each of them on their own first and listened to what "
        "really worried them. The designer was afraid the brand would look cheap, and the "
        "product manager was afraid we would miss the sales target. Then I brought them together "
        "and we wrote down the goals we shared. We tested two versions of the main advert with a "
        "small group of customers, and, you know, we let the results decide. The campaign "
        "launched on time, sign ups were twenty percent above the target, and the two of them "
        "still use that testing approach today."
    ),
    "teacher": (
        "In my second year as a middle school science teacher, about a third of my students were "
        "failing the unit on chemical reactions. The department head asked me to bring the pass "
        "rate up before the state exam in the spring. I realised that the students could repeat "
        "the definitions but could not explain what they saw in the lab. So I rebuilt the unit "
        "around small experiments that they ran in pairs, and I asked every pair to explain their "
        "results to another pair before writing anything down. I also, umm, set up a short quiz "
        "at the end of each week so that I could see who was falling behind, and I met those "
        "students at lunch. By the spring nine out of ten students passed the unit test, and the "
        "other science teachers adopted the pair explanations in their own classes."
    ),
    "nurse": (
        "Sure. When I worked nights on a surgical ward, we had a patient whose blood pressure "
        "kept dropping after an operation, and the doctor on call was in theatre. I was the "
        "senior nurse that night, so it was my job to keep him safe until the doctor arrived. I "
        "checked his observations every fifteen minutes, raised the foot of the bed, and started "
        "the fluids that our protocol allowed. I called the rapid response team and gave them a "
        "clear handover using the situation, background, assessment and recommendation format. "
        "While we waited, I made sure that the other patients on the ward were covered by my "
        "colleague. The team arrived within ten minutes, found internal bleeding, and took him "
        "back to theatre. He made a full recovery, and, uh, the ward later used my handover as "
        "an example in training."
    ),
    "data": (
        "Umm, let me think. In my last job as a data analyst, the sales director wanted a weekly "
        "report that took our team two full days to put together by hand. My task was to "
        "automate it without losing any of the checks that the director trusted. I mapped every "
        "step the team did, and I found that most of the time went into copying numbers between "
        "three spreadsheets. I wrote a small pipeline in Python that pulled the data from the "
        "database, ran the same checks, and produced the report as a dashboard. I ran the old "
        "and the new report side by side for a month and showed the director that the numbers "
        "matched every week. The report now takes ten minutes, and the team spends those two "
        "days on analysis that actually helps the sales people."
    ),
    "customer": (
        "So, like, the hardest customer I ever had was a restaurant owner whose point of sale "
        "system crashed on a Saturday night. He was angry and he was threatening to cancel his "
        "contract. I was the support engineer on call, and I needed to get his restaurant "
        "working again and keep him as a customer. I stayed calm, I told him exactly what I was "
        "going to do, and I walked his manager through a restart while I checked the logs. The "
        "problem was a failed update, so I rolled it back remotely and the tills came back in "
        "about twenty minutes. On Monday I called him to explain what had happened and what we "
        "had changed so that it would not happen again. He renewed his contract for two more "
        "years, and, you know, he later recommended us to two other restaurants."
    ),
}

# espeak-ng answers: (text, voice, words per minute, the device's sample rate in Hz). Spread so
# that every voice, rate and delivery rate appears with several texts.
ESPEAK_SET = [
    ("pharmacy", "en-us", 150, 16_000),
    ("pharmacy", "en-us", 165, 48_000),
    ("pharmacy", "en-gb", 150, 44_100),
    ("pharmacy", "en-us+m3", 140, 22_050),
    ("pharmacy", "en-gb-x-rp", 175, 8_000),
    ("billing", "en-us", 150, 22_050),
    ("billing", "en-gb-scotland", 135, 16_000),
    ("warehouse", "en-us", 140, 48_000),
    ("warehouse", "en-029", 160, 8_000),
    ("conflict", "en-gb", 155, 16_000),
    ("conflict", "en-us+f3", 145, 44_100),
    ("teacher", "en-us-nyc", 150, 22_050),
    ("teacher", "en-gb-x-rp", 130, 48_000),
    ("nurse", "en-us", 170, 16_000),
    ("nurse", "en-gb", 145, 8_000),
    ("data", "en-us+m3", 145, 44_100),
    ("data", "en-us", 120, 22_050),
    ("customer", "en-gb-x-rp", 150, 48_000),
    ("customer", "en-us", 165, 16_000),
    ("pharmacy+nurse", "en-us", 150, 16_000),            # ~2 minutes
    ("billing+warehouse+data", "en-gb", 145, 44_100),    # ~3 minutes
]
# Real answers: (seed for the clip order and pauses, the device's sample rate in Hz).
REAL_SET = [(1, 16_000), (2, 48_000), (3, 44_100), (4, 8_000)]


@dataclass(frozen=True)
class LongAnswer:
    name: str
    path: Path               # a 16 kHz mono 16-bit WAV, as st.audio_input delivers
    reference_text: str
    kind: str                # "espeak" or "real"
    device_rate: int         # the rate it was recorded at before the 16 kHz delivery

    @property
    def duration_s(self) -> float:
        with wave.open(str(self.path)) as w:
            return w.getnframes() / w.getframerate()


def _folder() -> Path:
    folder = cache_root() / CACHE_VERSION
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """float32 mono samples at `from_rate` -> `to_rate` with FFmpeg's resampler (PyAV)."""
    import av

    if from_rate == to_rate:
        return samples.astype(np.float32)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_rate)
    frame = av.AudioFrame.from_ndarray(samples.astype(np.float32).reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = from_rate
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32)


def read_wav(path_or_bytes) -> tuple[np.ndarray, int]:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with wave.open(source) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        channels = w.getnchannels()
        rate = w.getframerate()
    samples = pcm.astype(np.float32) / 32768
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples, rate


def deliver(samples: np.ndarray, rate: int, device_rate: int) -> bytes:
    """What the app receives: audio captured at `device_rate`, handed over as 16 kHz WAV."""
    return wav_bytes(resample(resample(samples, rate, device_rate), device_rate, SAMPLE_RATE))


def espeak_samples(text: str, voice: str, wpm: int) -> tuple[np.ndarray, int]:
    """espeak-ng's own rendering (22.05 kHz), via the program: a fresh synthesizer every time."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(wpm), "--stdout"], input=text.encode(),
                         capture_output=True, check=True, timeout=120).stdout
    return read_wav(wav)


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def espeak_answer(text_name: str, voice: str, wpm: int, device_rate: int) -> LongAnswer:
    """`text_name` is a key of ANSWERS, or several joined by "+" for a longer answer."""
    name = f"{text_name}-{voice.replace('+', '_')}-{wpm}wpm-{device_rate // 1000}k"
    text = " ".join(ANSWERS[part] for part in text_name.split("+"))
    path = _folder() / f"{name}.wav"
    if not path.exists():
        samples, rate = espeak_samples(text, voice, wpm)
        _write(path, deliver(samples, rate, device_rate))
    return LongAnswer(name, path, text, "espeak", device_rate)


def real_answer(seed: int, device_rate: int) -> LongAnswer:
    """Every real clip once, in a shuffled order, with pauses of 0.4-1.5 s between them."""
    clips = real_clips()
    rng = random.Random(seed)
    order = clips[:]
    rng.shuffle(order)
    name = f"real-{seed}-{device_rate // 1000}k"
    path = _folder() / f"{name}.wav"
    if not path.exists():
        pieces = [np.zeros(int(0.3 * 48_000), dtype=np.float32)]
        for clip in order:
            samples, rate = read_wav(clip.path)
            pieces.append(resample(samples, rate, 48_000))
            pieces.append(np.zeros(int(rng.uniform(0.4, 1.5) * 48_000), dtype=np.float32))
        _write(path, deliver(np.concatenate(pieces), 48_000, device_rate))
    return LongAnswer(name, path, " ".join(c.reference_text for c in order), "real", device_rate)


def long_answers(kind: str | None = None) -> list[LongAnswer]:
    """The whole set (21 espeak-ng answers, 4 real ones; 45 s to 3 min), built on first use."""
    answers = []
    if kind in (None, "espeak"):
        answers += [espeak_answer(*spec) for spec in ESPEAK_SET]
    if kind in (None, "real"):
        answers += [real_answer(*spec) for spec in REAL_SET]
    return answers


# Answers in other languages: Callback transcribes English, so these must be refused, not scored.
FOREIGN = {
    "fr": ("Alors, dans mon dernier poste, j'étais technicien en pharmacie dans un grand hôpital. "
           "Un soir, le service d'oncologie nous a envoyé une commande urgente pour une perfusion de "
           "chimiothérapie, et le pharmacien était occupé avec une urgence. Ma tâche était de préparer "
           "la dose en toute sécurité en moins de trente minutes. J'ai vérifié le poids du patient et "
           "la dose avec le protocole, puis j'ai préparé la perfusion avec un collègue qui contrôlait "
           "chaque étape. La dose est arrivée dans le service en vingt-six minutes, et le lendemain "
           "nous avons trouvé l'origine de l'erreur de stock."),
    "es": ("Bueno, en mi último trabajo era técnico de farmacia en un hospital muy grande. Una noche, "
           "el servicio de oncología nos envió un pedido urgente de una infusión de quimioterapia, y el "
           "farmacéutico estaba ocupado con una emergencia. Mi tarea era preparar la dosis con "
           "seguridad en menos de treinta minutos. Revisé el peso del paciente y la dosis con el "
           "protocolo, y preparé la infusión con un compañero que controlaba cada paso. La dosis llegó "
           "al servicio en veintiséis minutos, y al día siguiente encontramos el origen del error."),
    "de": ("Also, in meiner letzten Stelle war ich pharmazeutisch-technischer Assistent in einem großen "
           "Krankenhaus. Eines Abends schickte uns die Onkologie einen dringenden Auftrag für eine "
           "Chemotherapie-Infusion, und der Apotheker war mit einem Notfall beschäftigt. Meine Aufgabe "
           "war es, die Dosis in weniger als dreißig Minuten sicher vorzubereiten. Ich habe das Gewicht "
           "des Patienten und die Dosis mit dem Protokoll verglichen und die Infusion mit einem Kollegen "
           "vorbereitet, der jeden Schritt kontrolliert hat. Die Dosis war nach sechsundzwanzig Minuten "
           "auf der Station, und am nächsten Tag fanden wir die Ursache des Fehlers."),
}
# (language, espeak-ng voice, words per minute, the device's sample rate in Hz)
FOREIGN_SET = [
    ("fr", "fr", 150, 16_000), ("fr", "fr+m3", 175, 48_000), ("fr", "fr-be", 130, 8_000),
    ("es", "es", 150, 16_000), ("es", "es-419+f3", 170, 44_100), ("es", "es", 130, 22_050),
    ("de", "de", 150, 16_000), ("de", "de+m3", 170, 48_000), ("de", "de", 130, 8_000),
]


def foreign_answer(language: str, voice: str, wpm: int, device_rate: int) -> LongAnswer:
    name = f"{language}-{voice.replace('+', '_')}-{wpm}wpm-{device_rate // 1000}k"
    path = _folder() / f"{name}.wav"
    if not path.exists():
        samples, rate = espeak_samples(FOREIGN[language], voice, wpm)
        _write(path, deliver(samples, rate, device_rate))
    return LongAnswer(name, path, FOREIGN[language], f"espeak-{language}", device_rate)


def foreign_answers() -> list[LongAnswer]:
    """Nine answers in French, Spanish and German (espeak-ng), 30-60 s each."""
    return [foreign_answer(*spec) for spec in FOREIGN_SET]


def foreign_clip(language: str, voice: str | None = None) -> Path:
    """A short answer (two sentences, ~10-15 s) in `language`, delivered as 16 kHz WAV."""
    text = " ".join(FOREIGN[language].split(". ")[:2]) + "."
    voice = voice or language
    path = _folder() / f"short-{language}-{voice.replace('+', '_')}.wav"
    if not path.exists():
        samples, rate = espeak_samples(text, voice, 150)
        _write(path, deliver(samples, rate, 16_000))
    return path
