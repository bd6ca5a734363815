"""The untrusted side: code here runs in processes that also run student code.

Nothing in this package decides a score. It only runs what the judge asks and sends back plain data.
"""
