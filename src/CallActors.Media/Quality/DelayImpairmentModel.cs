namespace CallActors.Media.Quality;

/// <summary>Which formula turns one-way delay into the delay impairment Id.</summary>
public enum DelayImpairmentModel
{
    /// <summary>ITU-T G.107 Idd with mT = 100 ms, sT = 1 (echo terms omitted); the default.</summary>
    G107,

    /// <summary>Cole &amp; Rosenbluth (2001): 0.024·d + 0.11·(d − 177.3)·H(d − 177.3); only to imitate tools that use it.</summary>
    ColeRosenbluth,
}
