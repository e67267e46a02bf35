def helper():
    return "from the prelude"
