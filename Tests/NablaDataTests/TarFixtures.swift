/// tar archives made by Python's `tarfile` (3.x), gzipped, one per header format, so the reader is
/// tested against an independent writer. The script:
///
///     long = "cifar-10-batches-bin/" + "a-folder-whose-name-is-long-enough/" * 3 + "data.bin"
///     def make(fmt):                       # tarfile.USTAR_FORMAT, GNU_FORMAT, PAX_FORMAT
///         buf = io.BytesIO()
///         with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
///             add a directory "cifar-10-batches-bin", a file "cifar-10-batches-bin/hello.txt"
///             holding b"hello, tar\n", a file `long` holding bytes(range(256)) * 3, an empty file
///             "empty" and a symbolic link "link" -> "empty", every mtime 0
///         return gzip.compress(buf.getvalue(), mtime=0)
enum TarFixtures {
    static let ustar = fromBase64("""
        H4sIAAAAAAACA0vOTEss0jU00E1KLEnOSC3WTcrM02egLjAAAjMTEzANBOg0JtvQ0MTIkEHBlIEOoLS4JLEIaD3DyATJ2OI/IzUn
        J1+vpKKETvFvaIwW/8ZGZkYMCgaj8U9zAI5qHQVgGHAxjIKRBxJ10/JzUlKLdMsz8otTdfMSc1N1M4t1c/Lz0nVT8/JL0zP0iVCS
        kliSqAcsOcjK/4Ym6OW/sZmRuckQz/9YC1bCQUn3BMDIxMzCysbOwcnFzcPLxy8gKCQsIiomLiEpJS0jKyevoKikrKKqpq6hqaWt
        o6unb2BoZGxiamZuYWllbWNrZ+/g6OTs4urm7uHp5e3j6+cfEBgUHBIaFh4RGRUdExsXn5CYlJySmpaekZmVnZObl19QWFRcUlpW
        XlFZVV1TW1ff0NjU3NLa1t7R2dXd09vXP2HipMlTpk6bPmPmrNlz5s6bv2DhosVLli5bvmLlqtVr1q5bv2Hjps1btm7bvmPnrt17
        9u7bf+DgocNHjh47fuLkqdNnzp47f+HipctXrl67fuPmrdt37t67/+Dho8dPnj57/uLlq9dv3r57/+Hjp89fvn77/uPnr99//v77
        P+r/Ee7/EQ5ScwtKKmlsB8ntfwNzYKUw2v6jB8jJzMtmGHzxbwaq/43okThHePyPglEwCkbBKBgFo2AUjIJRMApGwSgYBaNgFIyC
        UTAKRsEoGAWjYPgBAGPxDYYAKAAA
        """)
    static let gnu = fromBase64("""
        H4sIAAAAAAACA0vOTEss0jU00E1KLEnOSC3WTcrM02egLjAAAjMTEzANBOg0JtvQ0NjMkEHBlIEOoLS4JLFIQYFhhIJkbPGfkZqT
        k69XUlFCp/g3NEaLf2MjIyMGBYPR+Kc5AEe1jgIwDLgYRsHIA3r6evoOPvl56T6Zedk0sgNHvofneSMDc7S6wNzc1IRBwWc0/w9M
        +Z+om5afk5JapFuekV+cqpuXmJuqm1msmwNMJrqpefml6RlUUpKSWJKoB7RxNB8O5/gnUP8bmqC3/4yBgmaj9T9dACMTMwsrGzsH
        Jxc3Dy8fv4CgkLCIqJi4hKSUtIysnLyCopKyiqqauoamlraOrp6+gaGRsYmpmbmFpZW1ja2dvYOjk7OLq5u7h6eXt4+vn39AYFBw
        SGhYeERkVHRMbFx8QmJSckpqWnpGZlZ2Tm5efkFhUXFJaVl5RWVVdU1tXX1DY1NzS2tbe0dnV3dPb1//hImTJk+ZOm36jJmzZs+Z
        O2/+goWLFi9Zumz5ipWrVq9Zu279ho2bNm/Zum37jp27du/Zu2//gYOHDh85euz4iZOnTp85e+78hYuXLl+5eu36jZu3bt+5e+/+
        g4ePHj95+uz5i5evXr95++79h4+fPn/5+u37j5+/fv/5++//qP9HuP9HOEjNLSippLEdJPf/DczA7b/R8p/2IId2zX4K4t/czBgY
        /0b0SJwjvf4fBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKBgFo2AUDFsAABUKEJsAKAAA
        """)
    static let pax = fromBase64("""
        H4sIAAAAAAACA0vOTEss0jU00E1KLEnOSC3WTcrM02egLjAAAjMTEzANBOg0JtvQ0MTIkEHBlIEOoLS4JLEIaD3DyATJ2OI/IzUn
        J1+vpKKETvFvaIwW/8ZGZkYMCgaj8U9zAI5qHQVgGHAxjIKRB/T09fQdAhIrPFITU1KLaGMHjnwPz/NGRujlv4GRgTmDQsVo/qc5
        MDQxUShILMmwxVoRJOqm5ecA04VueUZ+capuXmJuqm5msW5Ofl66bmpefml6BpWUpCSWJOoBbRwthAZD/U/laCdQ/xuaoLf/jA0M
        TM1G63+6AEYmZhZWNnYOTi5uHl4+fgFBIWERUTFxCUkpaRlZOXkFRSVlFVU1dQ1NLW0dXT19A0MjYxNTM3MLSytrG1s7ewdHJ2cX
        Vzd3D08vbx9fP/+AwKDgkNCw8IjIqOiY2Lj4hMSk5JTUtPSMzKzsnNy8/ILCouKS0rLyisqq6prauvqGxqbmlta29o7Oru6e3r7+
        CRMnTZ4yddr0GTNnzZ4zd978BQsXLV6ydNnyFStXrV6zdt36DRs3bd6yddv2HTt37d6zd9/+AwcPHT5y9NjxEydPnT5z9tz5Cxcv
        Xb5y9dr1Gzdv3b5z9979Bw8fPX7y9NnzFy9fvX7z9t37Dx8/ff7y9dv3Hz9//f7z99//Uf+PcP+PcJCaW1BSSWM7SO7/G5gDK4XR
        8p8eICczL5th8MW/mTkw/o3okThHev0/CkbBKBgFo2AUjIJRMApGwSgYBaNgFIyCUTAKRsEoGLYAAOKCiT0AKAAA
        """)
}
