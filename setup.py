"""Map the top-level resources/ and sample_projects/ folders into the wheel.

They live at the repository top level (where planners and packagers look for them) but must
ship inside the installed package, so they become the data-only packages
``parkplanner.resources`` and ``parkplanner.sample_projects``.
"""
from pathlib import Path

from setuptools import find_packages, setup

DATA_PACKAGES = {"parkplanner.resources": "resources", "parkplanner.sample_projects": "sample_projects"}


def data_subpackages():
    mapping = {}
    for package, folder in DATA_PACKAGES.items():
        root = Path(folder)
        if not root.is_dir():
            continue
        for sub in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
            if "__pycache__" in sub.parts:
                continue
            rel = sub.relative_to(root).parts
            mapping[".".join((package, *rel))] = sub.as_posix()
    return mapping


mapped = data_subpackages()
setup(
    packages=find_packages(include=["parkplanner", "parkplanner.*"]) + list(mapped),
    package_dir=mapped,
    package_data={name: ["*"] for name in mapped},
    include_package_data=True,
)
