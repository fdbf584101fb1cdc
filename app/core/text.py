"""Text folding shared by every search: case and ё/е do not matter to people looking for a name."""


def search_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())
