"""Make the demo's short synthetic recording and its timed transcript, once, by hand (the results are committed):

    apt-get install espeak-ng opus-tools
    .venv/bin/python interviews/demo/recordings/make_recording.py

Each turn is spoken by Debian's espeak-ng (Dutch; a second voice for the interviewee), the turns are joined with
a short pause into one WAV, which opusenc compresses to Ogg Opus at 16 kbit/s (speech; about 2 kB a second), and
the transcript gets a "[hh:mm:ss] Naam:" label at the second each turn starts, which the importer reads as the
turn's time. The interview is fiction written for the demo.
"""

import io
import subprocess
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRANSCRIPT = HERE.parent / "transcripts" / "ede_wijkteam_2024.txt"
RECORDING = HERE / "ede_wijkteam_2024.opus"
PAUSE = 0.6  # seconds between turns

TURNS = [
    ("Interviewer", "nl", "Hoe werkt het wijkteam in Ede samen met de verloskundigen?"),
    (
        "Wijkcoach",
        "nl+f3",
        "We hebben sinds vorig jaar een vast overleg. Eens per maand bespreken we zwangeren die extra steun nodig "
        "hebben. Dat loopt goed, al kost het veel tijd.",
    ),
    ("Interviewer", "nl", "Wat is het grootste knelpunt?"),
    (
        "Wijkcoach",
        "nl+f3",
        "Het personeelstekort. We hebben twee vacatures die al een half jaar openstaan, en de wachtlijst groeit.",
    ),
    ("Interviewer", "nl", "En hoe betrekken jullie de ouders zelf?"),
    (
        "Wijkcoach",
        "nl+f3",
        "We vragen ouders wat zij nodig hebben voordat we een plan maken. Dat klinkt vanzelfsprekend, maar het "
        "was het niet.",
    ),
    ("Interviewer", "nl", "Hoe wordt het programma gefinancierd?"),
    ("Wijkcoach", "nl+f3", "Uit de specifieke uitkering, tot eind volgend jaar. Wat daarna komt, weet niemand."),
    ("Interviewer", "nl", "Wat zou u de gemeente willen meegeven?"),
    (
        "Wijkcoach",
        "nl+f3",
        "Leg de afspraken vast, zodat ze niet afhangen van een paar mensen die het belangrijk vinden.",
    ),
]


def spoken(text, voice):
    """(frames, parameters) of espeak-ng speaking `text`."""
    data = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "--stdout", text], check=True, capture_output=True)
    with wave.open(io.BytesIO(data.stdout)) as clip:
        return clip.readframes(clip.getnframes()), clip.getparams()


def stamp(seconds):
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"


def main():
    frames, lines, at, params = [], [], 0.0, None
    for speaker, voice, text in TURNS:
        audio, params = spoken(text, voice)
        lines.append(f"{stamp(at)} {speaker}: {text}")
        frames.append(audio)
        at += len(audio) / (params.sampwidth * params.nchannels) / params.framerate
        silence = b"\0" * int(PAUSE * params.framerate) * params.sampwidth * params.nchannels
        frames.append(silence)
        at += PAUSE
    with tempfile.TemporaryDirectory() as folder:
        joined = Path(folder) / "opname.wav"
        with wave.open(str(joined), "wb") as out:
            out.setparams(params)
            out.writeframes(b"".join(frames))
        subprocess.run(["opusenc", "--quiet", "--bitrate", "16", str(joined), str(RECORDING)], check=True)
    header = (
        "[Fictief interview, geschreven voor de demo van Interview Monitor]\n\n"
        "Interview met een wijkcoach van het wijkteam in Ede, 4 maart 2024. De opname is gemaakt met een "
        "spraaksynthesizer (espeak-ng); alle namen en details zijn verzonnen.\n\n"
    )
    TRANSCRIPT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{RECORDING.name}: {RECORDING.stat().st_size} bytes, {at:.1f} s; {TRANSCRIPT.name}: {len(lines)} turns")


if __name__ == "__main__":
    main()
