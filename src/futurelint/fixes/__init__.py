"""Fix plumbing the rules share: rules find mistakes, these modules turn a fix into edits.

- `source_text`: the file's text addressed by node positions; indentation, fresh names, `with` headers
- `with_block`: FUT001's fix, a `with` block around an executor's uses
- `imports`: spelling `concurrent.futures` with the file's imports, or the import to add
- `calls`: rewriting call arguments (spreading `args=`/`kwargs=`)
"""
