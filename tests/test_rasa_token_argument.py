"""Rasa gets its token whatever characters the token begins with.

Tokens come from secrets.token_urlsafe, which begins with "-" about once in 64 runs; passed as two arguments
(``--auth-token -x…``) argparse took it for an option and Rasa refused to start. Checked with Rasa's own argument
parser (in .venv-rasa) on the command the test stacks use and on the Procfile's, as the shell expands it."""

from __future__ import annotations

import json
import os
import subprocess

from tests.stack import ROOT, rasa_command, run_in_rasa_env

TOKEN = "-Xk_3pQ-token-that-begins-with-a-dash"

PARSE = r"""
import json, sys
from rasa.__main__ import create_argument_parser
args = create_argument_parser().parse_args(json.loads(sys.argv[1]))
print(json.dumps(args.auth_token))
"""


def _token_rasa_reads(argv: list[str]) -> str:
    return run_in_rasa_env(PARSE, json.dumps(argv))


def test_the_test_stacks_hand_rasa_a_token_that_begins_with_a_dash() -> None:
    argv = rasa_command(5005, TOKEN)
    assert _token_rasa_reads(argv[1:]) == TOKEN


def test_the_procfile_hands_rasa_a_token_that_begins_with_a_dash() -> None:
    line = next(l for l in (ROOT / "Procfile").read_text().splitlines() if l.startswith("rasa:"))
    command = line.split("&&", 1)[1].split("rasa run", 1)[1]  # what follows `.venv-rasa/bin/rasa run`
    # the shell's own word splitting and ${…} expansion, as honcho runs the line
    words = subprocess.run(["bash", "-c", f"printf '%s\\0' run {command}"], capture_output=True, text=True,
                           env={**os.environ, "RASA_AUTH_TOKEN": TOKEN}, check=True).stdout.split("\0")[:-1]
    assert _token_rasa_reads(words) == TOKEN
