// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title WrappedToken
/// @notice An ERC-20 that represents an asset native to another ledger.
/// Only bridges can create and destroy it, each within a minting and a
/// burning limit its owner sets, in the manner of ERC-7281 (xERC20): a limit
/// is a maximum that refills linearly over a day after use. A holder starts
/// a transfer back with `burnForTransfer`, which burns from the holder
/// within the chosen bridge's burning limit and emits BurnedForTransfer with
/// a new transfer id. A bridge may instead burn from a holder who gave it
/// an ERC-20 allowance (`bridgeBurnFrom`), under a transfer id of its own,
/// within the same burning limit.
///
/// The owner is the only party that can let anything mint or burn besides
/// the bridge it was created for (setLimits): it must not be a relay node's
/// key, so that the limits bound what the relay signers can mint. The first
/// bridge's limits are set at construction; ownership moves in two steps
/// (transferOwnership, acceptOwnership).
contract WrappedToken is ERC20, Ownable2Step {
    /// @notice Time in which a used limit refills completely.
    uint256 public constant DURATION = 1 days;

    uint256 public constant MAX_LEDGER_LENGTH = 64;
    uint256 public constant MAX_ACCOUNT_LENGTH = 256;

    struct Limit {
        uint256 max;
        uint256 current; // as of `timestamp`
        uint256 ratePerSecond;
        uint256 timestamp;
    }

    struct BridgeLimits {
        Limit minting;
        Limit burning;
    }

    mapping(address => BridgeLimits) private _bridges;
    uint8 private immutable _decimals;

    /// @notice Number of transfers started here so far; part of each id.
    uint256 public burnCount;

    event BridgeLimitsSet(address indexed bridge, uint256 mintingLimit, uint256 burningLimit);
    event BurnedForTransfer(
        bytes32 indexed id,
        address indexed bridge,
        address indexed holder,
        uint256 amount,
        string destinationLedger,
        string destinationAccount
    );

    error LimitExceeded(address bridge, uint256 available, uint256 amount);
    error ZeroAmount();
    error BadDestination();
    error NotBridge(address caller);

    /// @param bridge_ the bridge this token is made for (normally the
    /// BridgeVault), which gets `mintingLimit_` and `burningLimit_`; zero
    /// for none.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address owner_,
        address bridge_,
        uint256 mintingLimit_,
        uint256 burningLimit_
    ) ERC20(name_, symbol_) Ownable(owner_) {
        _decimals = decimals_;
        if (bridge_ != address(0)) {
            _setLimits(bridge_, mintingLimit_, burningLimit_);
        }
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @notice Sets the maximum minting and burning limits of `bridge`
    /// (0 and 0 remove it). Limits already used stay used: the available
    /// amount moves by the change of the maximum.
    function setLimits(address bridge, uint256 mintingLimit, uint256 burningLimit) external onlyOwner {
        _setLimits(bridge, mintingLimit, burningLimit);
    }

    function _setLimits(address bridge, uint256 mintingLimit, uint256 burningLimit) private {
        _changeLimit(_bridges[bridge].minting, mintingLimit);
        _changeLimit(_bridges[bridge].burning, burningLimit);
        emit BridgeLimitsSet(bridge, mintingLimit, burningLimit);
    }

    function mintingMaxLimitOf(address bridge) external view returns (uint256) {
        return _bridges[bridge].minting.max;
    }

    function burningMaxLimitOf(address bridge) external view returns (uint256) {
        return _bridges[bridge].burning.max;
    }

    function mintingCurrentLimitOf(address bridge) external view returns (uint256) {
        return _available(_bridges[bridge].minting);
    }

    function burningCurrentLimitOf(address bridge) external view returns (uint256) {
        return _available(_bridges[bridge].burning);
    }

    /// @notice Mints by a bridge, within its minting limit.
    function mint(address to, uint256 amount) external {
        _use(_bridges[msg.sender].minting, msg.sender, amount);
        _mint(to, amount);
    }

    /// @notice Burns by a bridge, within its burning limit; burning from
    /// another account spends that account's allowance to the bridge.
    function burn(address from, uint256 amount) external {
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _use(_bridges[msg.sender].burning, msg.sender, amount);
        _burn(from, amount);
    }

    /// @notice Burns `amount` of the caller's tokens to start a transfer to
    /// `destinationAccount` on `destinationLedger` through `bridge`, within
    /// that bridge's burning limit.
    function burnForTransfer(
        address bridge,
        uint256 amount,
        string calldata destinationLedger,
        string calldata destinationAccount
    ) external returns (bytes32 id) {
        uint256 l = bytes(destinationLedger).length;
        uint256 a = bytes(destinationAccount).length;
        if (l == 0 || l > MAX_LEDGER_LENGTH || a == 0 || a > MAX_ACCOUNT_LENGTH) revert BadDestination();
        _use(_bridges[bridge].burning, bridge, amount);
        _burn(msg.sender, amount);
        id = keccak256(abi.encode(block.chainid, address(this), ++burnCount));
        emit BurnedForTransfer(id, bridge, msg.sender, amount, destinationLedger, destinationAccount);
    }

    /// @notice Burns `amount` of `holder`'s tokens by a bridge (the caller,
    /// which must have a burning limit), spending `holder`'s allowance to
    /// it and its burning limit, to start transfer `id` to
    /// `destinationAccount` on `destinationLedger`. The bridge answers for
    /// `id`: BurnedForTransfer names it as the bridge.
    function bridgeBurnFrom(
        address holder,
        uint256 amount,
        bytes32 id,
        string calldata destinationLedger,
        string calldata destinationAccount
    ) external {
        if (_bridges[msg.sender].burning.max == 0) revert NotBridge(msg.sender);
        uint256 l = bytes(destinationLedger).length;
        uint256 a = bytes(destinationAccount).length;
        if (l == 0 || l > MAX_LEDGER_LENGTH || a == 0 || a > MAX_ACCOUNT_LENGTH) revert BadDestination();
        _spendAllowance(holder, msg.sender, amount);
        _use(_bridges[msg.sender].burning, msg.sender, amount);
        _burn(holder, amount);
        emit BurnedForTransfer(id, msg.sender, holder, amount, destinationLedger, destinationAccount);
    }

    function _available(Limit storage l) private view returns (uint256) {
        if (l.current >= l.max || block.timestamp >= l.timestamp + DURATION) return l.max;
        uint256 refilled = l.current + (block.timestamp - l.timestamp) * l.ratePerSecond;
        return refilled > l.max ? l.max : refilled;
    }

    function _use(Limit storage l, address bridge, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 available = _available(l);
        if (amount > available) revert LimitExceeded(bridge, available, amount);
        l.current = available - amount;
        l.timestamp = block.timestamp;
    }

    function _changeLimit(Limit storage l, uint256 max) private {
        uint256 oldMax = l.max;
        uint256 available = _available(l);
        if (max >= oldMax) {
            available += max - oldMax;
        } else {
            available = available > oldMax - max ? available - (oldMax - max) : 0;
        }
        l.max = max;
        l.current = available;
        l.ratePerSecond = max / DURATION;
        l.timestamp = block.timestamp;
    }
}
