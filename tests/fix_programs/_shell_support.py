"""Imported by fut203_imported_callee.py: a callee the linter cannot see."""


def run_command(args, cwd=None):
    return " ".join(args)
