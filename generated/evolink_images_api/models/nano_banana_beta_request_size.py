from enum import StrEnum


class NanoBananaBetaRequestSize(StrEnum):
    AUTO = "auto"
    VALUE_1 = "1:1"
    VALUE_2 = "2:3"
    VALUE_3 = "3:2"
    VALUE_4 = "4:3"
    VALUE_5 = "3:4"
    VALUE_6 = "16:9"
    VALUE_7 = "9:16"

    def __str__(self) -> str:
        return str(self.value)
