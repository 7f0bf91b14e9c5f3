"""Fix plumbing the rules share: rules find mistakes, these modules turn a fix into edits.

- `source_text`: the file's text addressed by node positions; indentation, fresh names, `with` headers
- `with_block`: FUT001's fix, a `with` block around an executor's uses
- `imports`: spelling `concurrent.futures` with the file's imports, or the import to add
- `handlers`: adding an exception type to what an `except` clause catches (FUT306, FUT803)
- `calls`: rewriting call arguments (spreading `args=`/`kwargs=`, moving or removing arguments
  keeping their layout and comments)
- `render`: a node a fix builds, rendered with the indentation of the place it goes to
- `safety`: what a fix must know before it moves or removes code (comments, effects, `await`...)

A safe fix keeps the program's meaning and its comments; one that may change behaviour is unsafe;
one that cannot be made right is not offered. The fixer also drops any fix whose result CPython
would not compile.
"""
