"""Performance figures for Waymark (`make bench`): each figure printed beside a floor measured in the same run."""
