/// Residual gain scores: the post score regressed on the pre score, in z units.
///
/// RG = z_post − r_pre,post · z_pre, with z computed from the sample mean and the sample SD
/// (n − 1). A positive RG means a higher post score than the pre score predicts, so for symptom
/// measures (PHQ-9, GAD-7, CORE-10) a negative RG is better than expected.
public enum ResidualGain {
    /// The residual gains of paired pre/post scores, in input order; `nil` with fewer than
    /// three pairs, unequal lengths or no variance in pre or post.
    public static func compute(pre: [Double], post: [Double]) -> [Double]? {
        guard pre.count == post.count, pre.count >= 3,
            let zPre = Statistics.zScores(pre), let zPost = Statistics.zScores(post),
            let r = Statistics.pearson(pre, post)
        else { return nil }
        return zip(zPre, zPost).map { $1 - r * $0 }
    }
}
