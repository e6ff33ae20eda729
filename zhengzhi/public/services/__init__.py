"""Every change on the public side goes through these modules: intake (a new report), rating
(the citizen's verdict); identity and notify belong to the office's side."""
