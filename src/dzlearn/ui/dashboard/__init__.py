"""The facilitator's dashboard (``DashboardView``) and the PDF report (``pdf.render_pdf``).

QtCharts is imported by ``charts`` only, which the view loads when it first draws.
"""

from .view import DashboardView

__all__ = ["DashboardView"]
