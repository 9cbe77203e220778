from enum import StrEnum


class MjV82RemixRequestModelParamsMode(StrEnum):
    STRONG = "strong"
    SUBTLE = "subtle"

    def __str__(self) -> str:
        return str(self.value)
