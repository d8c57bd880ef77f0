"""The one fact about a .wasm file the report needs that no tool prints plainly: how many
functions it defines (the function section's count)."""

FUNCTION_SECTION = 3


def _leb128(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def defined_functions(path):
    data = open(path, "rb").read()
    offset = 8  # magic and version
    while offset < len(data):
        section_id = data[offset]
        size, body = _leb128(data, offset + 1)
        if section_id == FUNCTION_SECTION:
            return _leb128(data, body)[0]
        offset = body + size
    return 0
