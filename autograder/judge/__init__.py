"""The trusted side: runs the hidden tests, computes torch references, decides scores.

Student code never runs in this process; it is reached only through ``Student`` proxies that talk
to sandboxes forked by the zygote.
"""
