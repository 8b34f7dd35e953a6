#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

extension Runner {
    func makeRenderer(reportFd: Int32) -> any Renderer {
        switch options.format {
        case .json:
            return JSONLinesRenderer()
        default:
            let colorful: Bool
            switch options.color {
            case .always: colorful = true
            case .never: colorful = false
            case .auto: colorful = isatty(reportFd) == 1 && getenv("NO_COLOR") == nil
            }
            return TextRenderer(color: colorful)
        }
    }
}
