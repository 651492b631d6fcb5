"""Chinese numerals for ordinals: 一、二、… 十一 …"""

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """A whole number from 0 to 99 in Chinese numerals (十一, 二十, 九十九)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def ordinal(n: int) -> str:
    """The n-th Chinese ordinal without its punctuation: 1 → 一."""
    return chinese(n)
