"""The review page (``OUT/report.html``): the day's batch at a glance, every
doubtful cell beside its page. Built from the outputs a batch already wrote
(``kehoach review OUT`` rebuilds it)."""
from .collect import INPUTS_NAME, InputRecord, read_batch, write_inputs
from .crops import CropSettings
from .page import REPORT_NAME, ReportSettings, ReportStats, write_report

__all__ = ["INPUTS_NAME", "REPORT_NAME", "CropSettings", "InputRecord", "ReportSettings", "ReportStats",
           "read_batch", "write_inputs", "write_report"]
