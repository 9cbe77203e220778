from enum import StrEnum


class GrokImagineImage20RequestSize(StrEnum):
    AUTO = "auto"
    VALUE_0 = "1:1"
    VALUE_1 = "4:3"
    VALUE_10 = "9:19.5"
    VALUE_11 = "20:9"
    VALUE_12 = "9:20"
    VALUE_2 = "3:4"
    VALUE_3 = "3:2"
    VALUE_4 = "2:3"
    VALUE_5 = "16:9"
    VALUE_6 = "9:16"
    VALUE_7 = "2:1"
    VALUE_8 = "1:2"
    VALUE_9 = "19.5:9"

    def __str__(self) -> str:
        return str(self.value)
