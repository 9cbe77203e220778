from enum import StrEnum


class Krea2TurboRequestSize(StrEnum):
    VALUE_0 = "1:1"
    VALUE_1 = "4:3"
    VALUE_10 = "2:1"
    VALUE_2 = "3:4"
    VALUE_3 = "5:4"
    VALUE_4 = "4:5"
    VALUE_5 = "2:3"
    VALUE_6 = "3:2"
    VALUE_7 = "9:16"
    VALUE_8 = "16:9"
    VALUE_9 = "1:2"

    def __str__(self) -> str:
        return str(self.value)
