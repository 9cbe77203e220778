from enum import StrEnum


class GeminiNanoBanana21RequestSize(StrEnum):
    AUTO = "auto"
    VALUE_1 = "1:1"
    VALUE_10 = "4:5"
    VALUE_11 = "5:4"
    VALUE_12 = "9:16"
    VALUE_13 = "16:9"
    VALUE_14 = "21:9"
    VALUE_2 = "1:4"
    VALUE_3 = "4:1"
    VALUE_4 = "1:8"
    VALUE_5 = "8:1"
    VALUE_6 = "2:3"
    VALUE_7 = "3:2"
    VALUE_8 = "3:4"
    VALUE_9 = "4:3"

    def __str__(self) -> str:
        return str(self.value)
