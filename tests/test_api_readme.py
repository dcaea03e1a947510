"""The README's Python example (requests), run as it stands against the live test server with a real token."""

import os
import re
import subprocess
import sys
from pathlib import Path

from api_client import make_token

from interviews.models import Action, Passage, Source

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example():
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- api-example-python -->\n```python\n(.*?)```", text, flags=re.DOTALL)
    assert found, "the README's Python example of the API is gone"
    return found.group(1)


def test_the_readmes_python_example_runs_against_the_live_server(live_server, project, interview, themes, coder):
    interview.text = interview.text + "\nWethouder: De wachtlijst voor de kraamzorg is lang; wachtlijsten groeien."
    interview.save()
    _, secret = make_token(coder)
    env = {**os.environ, "IM_URL": live_server.url, "IM_TOKEN": secret, "IM_PROJECT": project.slug}
    done = subprocess.run(
        [sys.executable, "-c", readme_example()], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["0 passages", "201 2", "1 interviews coded"]
    coded = Passage.objects.filter(interview=interview).order_by("start")
    assert [p.text for p in coded] == ["wachtlijst", "wachtlijsten"]
    assert {theme.name for p in coded for theme in p.themes.all()} == {"wachtlijsten"}
    assert set(Action.objects.filter(subject="passage").values_list("source", flat=True)) == {Source.API}
