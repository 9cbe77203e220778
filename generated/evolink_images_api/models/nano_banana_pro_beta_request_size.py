from enum import StrEnum


class NanoBananaProBetaRequestSize(StrEnum):
    AUTO = "auto"
    VALUE_1 = "1:1"
    VALUE_10 = "21:9"
    VALUE_2 = "2:3"
    VALUE_3 = "3:2"
    VALUE_4 = "3:4"
    VALUE_5 = "4:3"
    VALUE_6 = "4:5"
    VALUE_7 = "5:4"
    VALUE_8 = "9:16"
    VALUE_9 = "16:9"

    def __str__(self) -> str:
        return str(self.value)
