from enum import StrEnum


class GptImage2BetaRequestSize(StrEnum):
    AUTO = "auto"
    VALUE_1 = "1:1"
    VALUE_10 = "21:9"
    VALUE_11 = "9:21"
    VALUE_12 = "2:1"
    VALUE_13 = "1:2"
    VALUE_14 = "3:1"
    VALUE_15 = "1:3"
    VALUE_2 = "3:2"
    VALUE_3 = "2:3"
    VALUE_4 = "4:3"
    VALUE_5 = "3:4"
    VALUE_6 = "5:4"
    VALUE_7 = "4:5"
    VALUE_8 = "16:9"
    VALUE_9 = "9:16"

    def __str__(self) -> str:
        return str(self.value)
